import fc from 'fast-check'
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

/** The first, quadratic `mergeOrder` (indexOf + splice), kept as the oracle for the linear one. */
function mergeOrderReference(prev: readonly string[], traced: readonly string[]): string[] {
  const keep = new Set(traced)
  const out = prev.filter((k) => keep.has(k))
  const placed = new Set(out)
  traced.forEach((key, i) => {
    if (placed.has(key)) return
    const before = i > 0 ? traced[i - 1] : undefined
    out.splice(before === undefined ? 0 : out.indexOf(before) + 1, 0, key)
    placed.add(key)
  })
  return out
}

describe('merging large traces', () => {
  it('orders keys exactly as the splice-based definition does, for any previous and traced lists', () => {
    const keys = fc.uniqueArray(fc.constantFrom(...'abcdefghijklmnop'.split('')), { maxLength: 16 })
    fc.assert(
      fc.property(keys, keys, (prevKeys, tracedKeys) => {
        expect(mergeOrder(prevKeys, tracedKeys)).toEqual(mergeOrderReference(prevKeys, tracedKeys))
      }),
    )
  })

  it('merges 2,000 new nodes fanned out from one input and chained, each on its own free slot', () => {
    const n = 2000
    const fan = Array.from({ length: n / 2 }, (_, i) => at(`f${i}`, 0, 0))
    const chain = Array.from({ length: n / 2 }, (_, i) => at(`c${i}`, 0, 0))
    const traced: ModelDocument = {
      ...emptyDocument('big'),
      nodes: [at('a', 0, 0, 'input'), ...fan, ...chain],
      edges: [
        ...fan.map((f) => link('a', f.id)),
        link('a', 'c0'),
        ...chain.slice(1).map((c, i) => link(`c${i}`, c.id)),
      ],
    }
    const prevDoc: ModelDocument = { ...emptyDocument('big'), nodes: [at('a', 10, 20, 'input')] }
    const merged = mergeTracedDocument(prevDoc, traced)
    expect(merged.nodes.map((x) => x.id)).toEqual(traced.nodes.map((x) => x.id))
    const pos = new Map(merged.nodes.map((x) => [x.id, x.position]))
    // The fan-out stacks in one column right of `a`, one row apart, in call order.
    expect(pos.get('f0')).toEqual({ x: 10 + PLACE_DX, y: 20 })
    expect(pos.get(`f${n / 2 - 1}`)).toEqual({ x: 10 + PLACE_DX, y: 20 + (n / 2 - 1) * PLACE_DY })
    // The chain runs right from the first free slot next to `a`.
    expect(pos.get('c0')).toEqual({ x: 10 + PLACE_DX, y: 20 + (n / 2) * PLACE_DY })
    expect(pos.get('c1')).toEqual({ x: 10 + 2 * PLACE_DX, y: 20 + (n / 2) * PLACE_DY })
    const slots = new Set(merged.nodes.map((x) => `${x.position.x},${x.position.y}`))
    expect(slots.size).toBe(n + 1)
  })
})
