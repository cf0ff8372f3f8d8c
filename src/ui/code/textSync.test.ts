import { describe, expect, it } from 'vitest'
import { linesOfNodes, nodeAtLine } from './nodeLines'
import { minimalEdit } from './textEdit'

describe('minimalEdit', () => {
  it('replaces only the part between the common prefix and suffix', () => {
    const before = 'const a = 1\nconst b = 2\nconst c = 3\n'
    const after = 'const a = 1\nconst b = 20\nconst c = 3\n'
    const edit = minimalEdit(before, after)!
    expect(before.slice(0, edit.start) + edit.text + before.slice(edit.end)).toBe(after)
    expect(edit.text.length).toBeLessThanOrEqual(2)
  })

  it('handles pure insertions, deletions and equal texts', () => {
    for (const [a, b] of [
      ['abc', 'abXc'],
      ['abXc', 'abc'],
      ['', 'new'],
      ['old', ''],
      ['aaa', 'aaaa'],
    ] as const) {
      const e = minimalEdit(a, b)!
      expect(a.slice(0, e.start) + e.text + a.slice(e.end)).toBe(b)
    }
    expect(minimalEdit('same', 'same')).toBeNull()
  })
})

describe('nodeAtLine', () => {
  it('finds the node whose lines hold the cursor, the tightest range first', () => {
    const lines = { block: { start: 3, end: 9 }, conv: { start: 4, end: 4 }, head: { start: 11, end: 12 } }
    expect(nodeAtLine(lines, 4)).toBe('conv')
    expect(nodeAtLine(lines, 6)).toBe('block')
    expect(nodeAtLine(lines, 12)).toBe('head')
    expect(nodeAtLine(lines, 10)).toBeUndefined()
    expect(linesOfNodes(lines, ['head', 'conv', 'missing'])).toEqual([
      { start: 4, end: 4 },
      { start: 11, end: 12 },
    ])
  })
})
