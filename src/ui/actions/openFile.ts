import type { ModelDocument } from '../../graph/document/schema'
import { parseDocumentText } from '../../graph/document/validate'
import type { AppStore } from '../store/appState'

/** A file's name and text, as read from a file input or a drop. */
export interface OpenedFile {
  name: string
  text: string
}

/**
 * Parses a document file. The result is marked `origin: 'external'`, so its code is shown but not
 * run until the user chooses to run it.
 */
export function readDocumentFile(
  file: OpenedFile,
): { ok: true; doc: ModelDocument } | { ok: false; errors: string[] } {
  const parsed = parseDocumentText(file.text)
  if (!parsed.ok) return parsed
  return { ok: true, doc: { ...parsed.doc, metadata: { ...parsed.doc.metadata, origin: 'external' } } }
}

/**
 * Opens a document file (Open button, a .json dropped on the app) as one undo step. A file that
 * does not parse changes nothing; its errors are listed for the user.
 * @returns whether the document was loaded.
 */
export function openFile(store: AppStore, file: OpenedFile): boolean {
  const { apply, setOpenErrors, notify, requestFitView } = store.getState()
  const result = readDocumentFile(file)
  if (!result.ok) {
    setOpenErrors({ file: file.name, errors: result.errors })
    notify(
      `Could not open ${file.name}: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}.`,
      'error',
    )
    return false
  }
  setOpenErrors(null)
  apply({ kind: 'replaceDocument', doc: result.doc }, `open ${file.name}`, 'load')
  store.getState().clearSelection()
  requestFitView()
  notify(`Opened ${file.name}.`)
  return true
}

/** Reads a browser `File` and opens it. */
export async function openBrowserFile(store: AppStore, file: File): Promise<boolean> {
  return openFile(store, { name: file.name, text: await file.text() })
}
