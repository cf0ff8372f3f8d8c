import { describe, expect, it } from 'vitest'
import { type KeyLike, shortcutFor } from './shortcutFor'

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
})

describe('shortcutFor', () => {
  it('maps Ctrl and Cmd alike to undo, redo, copy and paste', () => {
    expect(shortcutFor(key('z', { ctrlKey: true }))).toBe('undo')
    expect(shortcutFor(key('z', { metaKey: true }))).toBe('undo')
    expect(shortcutFor(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo')
    expect(shortcutFor(key('y', { ctrlKey: true }))).toBe('redo')
    expect(shortcutFor(key('c', { ctrlKey: true }))).toBe('copy')
    expect(shortcutFor(key('v', { metaKey: true }))).toBe('paste')
  })

  it('maps Delete and Backspace to delete, and plain letters to nothing', () => {
    expect(shortcutFor(key('Delete'))).toBe('delete')
    expect(shortcutFor(key('Backspace'))).toBe('delete')
    expect(shortcutFor(key('z'))).toBeNull()
    expect(shortcutFor(key('c', { ctrlKey: true, altKey: true }))).toBeNull()
  })
})
