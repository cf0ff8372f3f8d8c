/** The verbs a keyboard shortcut can trigger. */
export type ShortcutVerb =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'paste'
  | 'delete'
  | 'selectAll'
  | 'save'
  | 'open'
  | 'help'

/**
 * One key combination. `key` is `KeyboardEvent.key` in lower case; `mod` is Ctrl on Windows and
 * Linux, Cmd on macOS (either is accepted everywhere); `shift: null` accepts Shift either way, for
 * keys that are themselves shifted characters on most layouts (`?`).
 */
export interface KeyCombo {
  key: string
  mod: boolean
  shift: boolean | null
}

/** A registered shortcut: the verb it triggers, what that does in the user's words, and its keys. */
export interface Shortcut {
  verb: ShortcutVerb
  does: string
  keys: readonly KeyCombo[]
}

const mod = (key: string, shift = false): KeyCombo => ({ key, mod: true, shift })
const plain = (key: string): KeyCombo => ({ key, mod: false, shift: false })

/**
 * Every keyboard shortcut of the IDE, in the order the help panel lists them. The single source of
 * truth: `shortcutFor` matches key presses against this table and the help panel renders it, so a
 * shortcut cannot exist without being listed.
 */
export const SHORTCUTS: readonly Shortcut[] = [
  { verb: 'undo', does: 'Undo the last edit', keys: [mod('z')] },
  { verb: 'redo', does: 'Redo the edit just undone', keys: [mod('z', true), mod('y')] },
  { verb: 'copy', does: 'Copy the selected layers', keys: [mod('c')] },
  { verb: 'paste', does: 'Paste the copied layers', keys: [mod('v')] },
  {
    verb: 'delete',
    does: 'Delete the selected layers and edges',
    keys: [plain('delete'), plain('backspace')],
  },
  { verb: 'selectAll', does: 'Select every layer', keys: [mod('a')] },
  { verb: 'save', does: 'Save the model to a file', keys: [mod('s')] },
  { verb: 'open', does: 'Open a model file', keys: [mod('o')] },
  {
    verb: 'help',
    does: 'Show help and this list of shortcuts',
    keys: [{ key: '?', mod: false, shift: null }],
  },
]

/** How a key reads on a keycap: `Z`, `Delete`, `?`. */
function keyLabel(key: string): string {
  return key.length === 1 ? key.toUpperCase() : key.charAt(0).toUpperCase() + key.slice(1)
}

/**
 * A key combination as the user types it: `Ctrl+Shift+Z` on Windows and Linux, `⌘+Shift+Z` on macOS.
 * @example formatCombo({ key: 'z', mod: true, shift: false }, false) // 'Ctrl+Z'
 */
export function formatCombo(combo: KeyCombo, mac: boolean): string {
  const parts: string[] = []
  if (combo.mod) parts.push(mac ? '⌘' : 'Ctrl')
  if (combo.shift === true) parts.push('Shift')
  parts.push(keyLabel(combo.key))
  return parts.join('+')
}

/** One row of the shortcuts help panel. */
export interface ShortcutRow {
  verb: ShortcutVerb
  does: string
  keys: string[]
}

/** The rows of the shortcuts help panel, straight from the registry, with keys spelled for the platform. */
export function shortcutRows(mac: boolean): ShortcutRow[] {
  return SHORTCUTS.map((s) => ({ verb: s.verb, does: s.does, keys: s.keys.map((k) => formatCombo(k, mac)) }))
}

/** Whether the platform string names a Mac (Cmd instead of Ctrl on the keycaps). */
export function isMacPlatform(platform: string): boolean {
  return /mac|iphone|ipad/i.test(platform)
}
