import { describe, expect, it } from 'vitest'
import { LAYERS } from '../../graph/layers'
import { mlpDocument } from '../testing/fixtures'
import { paletteGroups } from './paletteModel'

describe('paletteGroups', () => {
  it('lists every catalogue layer exactly once, grouped by category with inputs first', () => {
    const groups = paletteGroups(LAYERS, [], '')
    const keys = groups.flatMap((g) => g.entries.map((e) => e.key))
    expect(keys.sort()).toEqual(LAYERS.map((l) => l.type).sort())
    expect(groups[0]?.id).toBe('io')
  })

  it('filters by label, type or PyTorch name and ranks prefix matches first', () => {
    const groups = paletteGroups(LAYERS, [], 'linear')
    expect(groups.flatMap((g) => g.entries.map((e) => e.key))).toContain('dense')
    const relu = paletteGroups(LAYERS, [], 'relu').flatMap((g) => g.entries.map((e) => e.key))
    expect(relu[0]).toBe('relu')
    expect(paletteGroups(LAYERS, [], 'no such layer zz')).toEqual([])
  })

  it("lists the document's blocks as entries that add block instances", () => {
    const block = {
      name: 'mlpBlock',
      inputs: ['x'],
      outputs: [{ name: 'out', node: 'act', port: 'out' }],
      nodes: mlpDocument().nodes,
      edges: mlpDocument().edges,
    }
    const groups = paletteGroups(LAYERS, [block], '')
    const last = groups.at(-1)
    expect(last?.id).toBe('blocks')
    expect(last?.entries[0]).toMatchObject({ key: 'block.mlpBlock', kind: { block: 'mlpBlock' } })
  })
})
