import { SHORTCUTS, type ShortcutVerb } from './shortcutRegistry'

export type { ShortcutVerb } from './shortcutRegistry'

/** The parts of a keyboard event a shortcut depends on. */
export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}

/**
 * The verb for a key press, or null, looked up in `SHORTCUTS`. Ctrl and Cmd are the same modifier:
 * Ctrl+Z undo, Ctrl+Shift+Z and Ctrl+Y redo, Ctrl+C/V copy/paste, Ctrl+S save, Ctrl+O open, Ctrl+A
 * select all, Delete and Backspace delete, `?` help. Alt never takes part (it types characters on
 * many layouts).
 */
export function shortcutFor(e: KeyLike): ShortcutVerb | null {
  if (e.altKey) return null
  const mod = e.ctrlKey || e.metaKey
  const key = e.key.toLowerCase()
  for (const shortcut of SHORTCUTS) {
    for (const combo of shortcut.keys) {
      if (combo.key === key && combo.mod === mod && (combo.shift === null || combo.shift === e.shiftKey))
        return shortcut.verb
    }
  }
  return null
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
