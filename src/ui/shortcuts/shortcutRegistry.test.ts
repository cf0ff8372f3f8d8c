import { describe, expect, it } from 'vitest'
import { shortcutFor } from './shortcutFor'
import { formatCombo, isMacPlatform, SHORTCUTS, type ShortcutVerb, shortcutRows } from './shortcutRegistry'

const ALL_VERBS: Record<ShortcutVerb, true> = {
  undo: true,
  redo: true,
  copy: true,
  paste: true,
  delete: true,
  selectAll: true,
  save: true,
  open: true,
  help: true,
}

describe('the shortcut registry', () => {
  it('lists every verb exactly once', () => {
    const verbs = SHORTCUTS.map((s) => s.verb)
    expect(new Set(verbs).size).toBe(verbs.length)
    expect([...verbs].sort()).toEqual(Object.keys(ALL_VERBS).sort())
  })

  it('maps every listed key combination back to its own verb, so the help panel shows what the keys do', () => {
    for (const s of SHORTCUTS) {
      for (const c of s.keys) {
        const shifts = c.shift === null ? [false, true] : [c.shift]
        for (const shiftKey of shifts) {
          for (const [ctrlKey, metaKey] of c.mod
            ? [
                [true, false],
                [false, true],
              ]
            : [[false, false]]) {
            const key = shiftKey && c.key.length === 1 ? c.key.toUpperCase() : c.key
            expect(
              shortcutFor({ key, ctrlKey: !!ctrlKey, metaKey: !!metaKey, shiftKey, altKey: false }),
            ).toBe(s.verb)
          }
        }
      }
    }
  })

  it('never gives two verbs the same key combination', () => {
    const seen = new Map<string, ShortcutVerb>()
    for (const s of SHORTCUTS)
      for (const c of s.keys) {
        const id = `${c.mod}+${c.shift}+${c.key}`
        expect(seen.get(id), id).toBeUndefined()
        seen.set(id, s.verb)
      }
  })

  it('spells keys as typed: Ctrl on Linux and Windows, the Cmd sign on a Mac', () => {
    expect(formatCombo({ key: 'z', mod: true, shift: true }, false)).toBe('Ctrl+Shift+Z')
    expect(formatCombo({ key: 'z', mod: true, shift: false }, true)).toBe('⌘+Z')
    expect(formatCombo({ key: 'backspace', mod: false, shift: false }, false)).toBe('Backspace')
    expect(formatCombo({ key: '?', mod: false, shift: null }, false)).toBe('?')
    expect(isMacPlatform('MacIntel')).toBe(true)
    expect(isMacPlatform('Linux x86_64')).toBe(false)
  })

  it('gives the help panel one row per registered shortcut, Undo with Ctrl+Z', () => {
    const rows = shortcutRows(false)
    expect(rows).toHaveLength(SHORTCUTS.length)
    expect(rows.find((r) => r.verb === 'undo')).toEqual({
      verb: 'undo',
      does: 'Undo the last edit',
      keys: ['Ctrl+Z'],
    })
    expect(rows.find((r) => r.verb === 'redo')?.keys).toEqual(['Ctrl+Shift+Z', 'Ctrl+Y'])
  })

  it('opens help with ? whether or not the layout needs Shift for it, but not with Ctrl+?', () => {
    const press = (mods: { shiftKey?: boolean; ctrlKey?: boolean }) =>
      shortcutFor({ key: '?', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods })
    expect(press({})).toBe('help')
    expect(press({ shiftKey: true })).toBe('help')
    expect(press({ ctrlKey: true })).toBeNull()
  })
})
