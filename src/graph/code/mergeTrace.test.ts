import { describe, expect, it } from 'vitest'
import { type BlockDef, edgeId, emptyDocument, type GraphNode, type ModelDocument } from '../document/schema'
import { mergeOrder, mergeTracedDocument, PLACE_DX, PLACE_DY } from './mergeTrace'

const at = (id: string, x: number, y: number, type = 'relu'): GraphNode => ({
  id,
  type,
  params: {},
  position: { x, y },
})
const link = (source: string, target: string) => {
  const e = { source, sourcePort: 'out', target, targetPort: 'x' }
  return { id: edgeId(e), ...e }
}

describe('mergeTracedDocument', () => {
  const prev: ModelDocument = {
    ...emptyDocument('old'),
    nodes: [at('a', 10, 20, 'input'), at('b', 300, 20)],
    edges: [link('a', 'b')],
    metadata: { description: 'kept', origin: 'local' },
  }

  it('keeps positions and metadata, places a new node right of its first input, else below', () => {
    const traced: ModelDocument = {
      ...emptyDocument('new'),
      nodes: [at('a', 0, 0, 'input'), at('b', 0, 0), at('c', 0, 0), at('d', 0, 0, 'input'), at('e', 0, 0)],
      edges: [link('a', 'b'), link('b', 'c'), link('a', 'e')],
      code: 'the code',
    }
    const merged = mergeTracedDocument(prev, traced)
    expect(merged.name).toBe('new')
    expect(merged.code).toBe('the code')
    expect(merged.metadata).toEqual(prev.metadata)
    const pos = Object.fromEntries(merged.nodes.map((n) => [n.id, n.position]))
    expect(pos.a).toEqual({ x: 10, y: 20 })
    expect(pos.b).toEqual({ x: 300, y: 20 })
    expect(pos.c).toEqual({ x: 300 + PLACE_DX, y: 20 })
    expect(pos.d).toEqual({ x: 10, y: 20 + PLACE_DY })
    // Right of `a` is taken by `b`, so `e` goes one row down.
    expect(pos.e).toEqual({ x: 10 + PLACE_DX, y: 20 + PLACE_DY })
  })

  it('keeps the previous order of surviving nodes and puts new ones after their predecessor in code', () => {
    expect(mergeOrder(['b', 'a', 'c'], ['a', 'n1', 'b', 'c', 'n2'])).toEqual(['b', 'a', 'n1', 'c', 'n2'])
    expect(mergeOrder(['a', 'b'], ['n0', 'b'])).toEqual(['n0', 'b'])
  })

  it('keeps the params of block inputs, which code cannot write', () => {
    const block = (shape: number[] | null): BlockDef => ({
      name: 'blk',
      inputs: ['x'],
      outputs: [{ name: 'out', node: 'x', port: 'out' }],
      nodes: [{ ...at('x', 5, 5, 'input'), params: shape ? { shape } : {} }],
      edges: [],
    })
    const merged = mergeTracedDocument({ ...prev, blocks: [block([3])] }, { ...prev, blocks: [block(null)] })
    expect(merged.blocks[0]?.nodes[0]?.params).toEqual({ shape: [3] })
  })
})
