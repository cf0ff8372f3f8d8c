/** The verbs a keyboard shortcut can trigger. */
export type ShortcutVerb = 'delete' | 'copy' | 'paste' | 'undo' | 'redo' | 'save' | 'open' | 'selectAll'

/** The parts of a keyboard event a shortcut depends on. */
export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}

/**
 * The verb for a key press, or null. Ctrl and Cmd are the same modifier: Ctrl+Z undo,
 * Ctrl+Shift+Z and Ctrl+Y redo, Ctrl+C/V copy/paste, Ctrl+S save, Ctrl+O open, Ctrl+A select all,
 * Delete and Backspace delete.
 */
export function shortcutFor(e: KeyLike): ShortcutVerb | null {
  if (e.altKey) return null
  const mod = e.ctrlKey || e.metaKey
  const key = e.key.toLowerCase()
  if (!mod) return !e.shiftKey && (key === 'delete' || key === 'backspace') ? 'delete' : null
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo'
  if (e.shiftKey) return null
  switch (key) {
    case 'y':
      return 'redo'
    case 'c':
      return 'copy'
    case 'v':
      return 'paste'
    case 's':
      return 'save'
    case 'o':
      return 'open'
    case 'a':
      return 'selectAll'
    default:
      return null
  }
}

/**
 * Whether a key press belongs to a text field (an input, the code editor) rather than the canvas:
 * shortcuts stay out of the way of typing.
 */
export function isTextTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false
  const el = target as Element
  return el.closest('input, textarea, select, [contenteditable="true"], .monaco-editor') !== null
}
