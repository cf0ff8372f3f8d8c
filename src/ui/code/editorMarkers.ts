/** A marker Triad put in the code editor: its first line and its message. */
export interface EditorMarker {
  line: number
  message: string
}

let reader: (() => EditorMarker[]) | undefined

/**
 * Registers how to read the live editor's markers; the Monaco controller does so when it is
 * created (Monaco loads in its own chunk, so the automation API cannot import it).
 * @returns a function that unregisters it.
 */
export function provideEditorMarkers(read: () => EditorMarker[]): () => void {
  reader = read
  return () => {
    if (reader === read) reader = undefined
  }
}

/**
 * Triad's own markers in the code editor now (Monaco owner `triad`: trace errors, not the
 * TypeScript checker's), in line order; empty until the editor has loaded.
 */
export function editorMarkers(): EditorMarker[] {
  return [...(reader?.() ?? [])].sort((a, b) => a.line - b.line)
}
