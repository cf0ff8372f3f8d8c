import { describe, expect, it } from 'vitest'
import { edgeId, emptyDocument, type GraphNode, type ModelDocument } from '../document/schema'
import { inferShapes } from '../shapes/inferShapes'
import { applyGraphChange } from './applyGraphChange'
import { checkConnection, connectChange } from './connect'

const at = { x: 0, y: 0 }
const node = (id: string, type: string, params: GraphNode['params'] = {}): GraphNode => ({
  id,
  type,
  params,
  position: at,
})
const ends = (source: string, target: string, targetPort = 'x') => ({
  source,
  sourcePort: 'out',
  target,
  targetPort,
})
const edge = (source: string, target: string, targetPort = 'x') => ({
  id: edgeId(ends(source, target, targetPort)),
  ...ends(source, target, targetPort),
})

/** x [6] -> a -> b -> c (relus), plus a Dense and an Embedding left unconnected. */
function chain(): ModelDocument {
  return {
    ...emptyDocument('chain'),
    nodes: [
      node('x', 'input', { shape: [6] }),
      node('a', 'relu'),
      node('b', 'relu'),
      node('c', 'relu'),
      node('fc', 'dense', { in_features: 1, out_features: 3 }),
      node('ids', 'input', { shape: [5], dtype: 'int64' }),
      node('emb', 'embedding', { num_embeddings: 10, embedding_dim: 4 }),
      node('flat', 'flatten'),
    ],
    edges: [edge('x', 'a'), edge('a', 'b'), edge('b', 'c'), edge('ids', 'flat')],
  }
}

describe('checkConnection', () => {
  it('accepts a free, well-typed connection', () => {
    expect(checkConnection(chain(), ends('c', 'fc'))).toEqual({ ok: true })
  })

  it('refuses a self-loop', () => {
    expect(checkConnection(chain(), ends('a', 'a'))).toEqual({
      ok: false,
      reason: 'a cannot feed itself (a self-loop is a cycle)',
    })
  })

  it('refuses a cycle and names its path', () => {
    const doc = chain()
    doc.edges = doc.edges.filter((e) => e.target !== 'a')
    expect(checkConnection(doc, ends('c', 'a'))).toEqual({
      ok: false,
      reason: 'it would close a cycle a -> b -> c -> a',
    })
  })

  it('accepts a wire into a fed input port, which connectChange then rewires', () => {
    expect(checkConnection(chain(), ends('x', 'b'))).toEqual({ ok: true })
  })

  it('refuses a rewire that closes a cycle, and ignores the edge it would replace', () => {
    // c -> a would replace x -> a; the cycle a -> b -> c -> a remains, so it is refused.
    expect(checkConnection(chain(), ends('c', 'a'))).toEqual({
      ok: false,
      reason: 'it would close a cycle a -> b -> c -> a',
    })
    // a -> c replaces b -> c: no cycle.
    expect(checkConnection(chain(), ends('a', 'c'))).toEqual({ ok: true })
    expect(checkConnection(chain(), ends('b', 'c'))).toEqual({ ok: false, reason: 'b:out already feeds c:x' })
  })

  it('refuses missing nodes and ports', () => {
    expect(checkConnection(chain(), ends('ghost', 'a'))).toEqual({
      ok: false,
      reason: 'there is no node "ghost"',
    })
    expect(checkConnection(chain(), ends('c', 'fc', 'input'))).toEqual({
      ok: false,
      reason: 'fc has no input port "input"',
    })
    expect(checkConnection(chain(), { ...ends('c', 'fc'), sourcePort: 'logits' })).toEqual({
      ok: false,
      reason: 'c has no output port "logits" (its outputs: out)',
    })
  })

  it('refuses a float output into an int port', () => {
    expect(checkConnection(chain(), ends('c', 'emb'))).toEqual({
      ok: false,
      reason: 'emb:x takes integer ids but c:out carries float values',
    })
  })

  it('accepts int ids, also when they pass through a dtype-preserving layer', () => {
    expect(checkConnection(chain(), ends('ids', 'emb'))).toEqual({ ok: true })
    expect(checkConnection(chain(), ends('flat', 'emb'))).toEqual({ ok: true })
  })
})

describe('connectChange', () => {
  it('sets the inferred in_features when an edge is dropped into a Dense', () => {
    const doc = chain()
    const change = connectChange(doc, ends('c', 'fc'))
    expect(change).toEqual({
      kind: 'batch',
      label: 'connect c to fc',
      changes: [
        { kind: 'connect', edge: edge('c', 'fc') },
        { kind: 'setParam', id: 'fc', param: 'in_features', value: 6 },
      ],
    })
    const after = applyGraphChange(doc, change).doc
    expect(inferShapes(after).outputs.fc).toEqual([['N', 3]])
  })

  it('adds no setParam when the shapes already fit', () => {
    const doc = chain()
    doc.nodes[4] = node('fc', 'dense', { in_features: 6, out_features: 3 })
    const change = connectChange(doc, ends('c', 'fc'))
    expect(change.kind === 'batch' && change.changes.map((c) => c.kind)).toEqual(['connect'])
  })

  it('rewires an input that is already fed, as one undoable step', () => {
    const doc = chain()
    const change = connectChange(doc, ends('x', 'c'))
    expect(change.kind === 'batch' && change.changes.slice(0, 2)).toEqual([
      { kind: 'disconnect', id: 'b:out->c:x' },
      { kind: 'connect', edge: edge('x', 'c') },
    ])
    const { doc: after, inverse } = applyGraphChange(doc, change)
    expect(after.edges.map((e) => e.id)).toContain('x:out->c:x')
    expect(applyGraphChange(after, inverse).doc).toEqual(doc)
  })
})
