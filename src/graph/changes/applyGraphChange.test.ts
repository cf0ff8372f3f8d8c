import { describe, expect, it } from 'vitest'
import { edgeId, emptyDocument, type GraphEdge, type GraphNode, type ModelDocument } from '../document/schema'
import { parseDocument } from '../document/validate'
import { applyGraphChange, GraphChangeError } from './applyGraphChange'
import type { GraphChange } from './graphChange'

const at = { x: 0, y: 0 }
const node = (id: string, type: string, params: GraphNode['params'] = {}): GraphNode => ({
  id,
  type,
  params,
  position: at,
})
function edge(source: string, target: string, targetPort = 'x'): GraphEdge {
  const ends = { source, sourcePort: 'out', target, targetPort }
  return { id: edgeId(ends), ...ends }
}

/** x -> fc -> act -> head, with a side edge x -> cat.in1 so edge order matters on restore. */
function sample(): ModelDocument {
  return {
    ...emptyDocument('sample'),
    nodes: [
      node('x', 'input', { shape: [4] }),
      node('fc', 'dense', { in_features: 4, out_features: 4 }),
      node('act', 'relu'),
      node('cat', 'concat'),
      node('head', 'dense', { in_features: 8, out_features: 2 }),
    ],
    edges: [
      edge('x', 'fc'),
      edge('fc', 'act'),
      edge('act', 'cat', 'in0'),
      edge('x', 'cat', 'in1'),
      edge('cat', 'head'),
    ],
    outputs: [
      { name: 'hidden', node: 'act', port: 'out' },
      { name: 'logits', node: 'head', port: 'out' },
    ],
    code: 'export default model(...)',
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

/** Applies `change` to a frozen copy, then its inverse, and checks the round trip is exact. */
function roundTrip(change: GraphChange, doc = sample()): ModelDocument {
  const before = deepFreeze(structuredClone(doc))
  const { doc: after, inverse } = applyGraphChange(before, change)
  expect(applyGraphChange(after, inverse).doc).toEqual(doc)
  return after
}

describe('applyGraphChange', () => {
  it('removes a node with its edges and outputs, and the inverse restores them in place', () => {
    const after = roundTrip({ kind: 'removeNode', id: 'act' })
    expect(after.nodes.map((n) => n.id)).toEqual(['x', 'fc', 'cat', 'head'])
    expect(after.edges.map((e) => e.id)).toEqual(['x:out->fc:x', 'x:out->cat:in1', 'cat:out->head:x'])
    expect(after.outputs.map((o) => o.name)).toEqual(['logits'])
  })

  it('adds a node at the end, or at a given index', () => {
    expect(roundTrip({ kind: 'addNode', node: node('extra', 'relu') }).nodes.at(-1)?.id).toBe('extra')
    expect(roundTrip({ kind: 'addNode', node: node('extra', 'relu'), index: 1 }).nodes[1]?.id).toBe('extra')
  })

  it('connects and disconnects with exact inverses', () => {
    const doc = sample()
    doc.edges = doc.edges.filter((e) => e.id !== 'fc:out->act:x')
    expect(roundTrip({ kind: 'connect', edge: edge('fc', 'act') }, doc).edges).toHaveLength(5)
    expect(roundTrip({ kind: 'disconnect', id: 'x:out->cat:in1' }).edges).toHaveLength(4)
  })

  it('sets and unsets a param', () => {
    expect(roundTrip({ kind: 'setParam', id: 'fc', param: 'bias', value: false }).nodes[1]?.params.bias).toBe(
      false,
    )
    const unset = roundTrip({ kind: 'setParam', id: 'fc', param: 'out_features', value: undefined })
    expect(unset.nodes[1]?.params).toEqual({ in_features: 4 })
  })

  it('renames a node and rewrites its edges (with their ids) and outputs', () => {
    const after = roundTrip({ kind: 'renameNode', id: 'act', to: 'hidden' })
    expect(after.edges.map((e) => e.id)).toContain('hidden:out->cat:in0')
    expect(after.edges.map((e) => e.id)).toContain('fc:out->hidden:x')
    expect(after.outputs[0]).toEqual({ name: 'hidden', node: 'hidden', port: 'out' })
    expect(parseDocument(after).ok).toBe(true)
  })

  it('drops the code face on a graph edit, and the inverse restores it', () => {
    expect(roundTrip({ kind: 'setName', name: 'renamed' }).code).toBeUndefined()
    expect(roundTrip({ kind: 'setTraining', training: undefined }).code).toBeUndefined()
  })

  it('keeps the code face on a move, and replaceDocument takes the new one', () => {
    expect(roundTrip({ kind: 'move', id: 'fc', position: { x: 5, y: 6 } }).code).toBe(sample().code)
    const other = { ...emptyDocument('other'), code: 'x' }
    expect(roundTrip({ kind: 'replaceDocument', doc: other })).toEqual(other)
  })

  it('undoes a batch as one step, applying the inverses in reverse order', () => {
    const after = roundTrip({
      kind: 'batch',
      label: 'chain',
      changes: [
        { kind: 'disconnect', id: 'x:out->cat:in1' },
        { kind: 'addNode', node: node('side', 'relu') },
        { kind: 'connect', edge: edge('x', 'side') },
        { kind: 'connect', edge: edge('side', 'cat', 'in1') },
        { kind: 'renameNode', id: 'side', to: 'side2' },
      ],
    })
    expect(after.edges.map((e) => e.id)).toContain('side2:out->cat:in1')
  })

  it('sets training, outputs and blocks, checked against the schema', () => {
    roundTrip({
      kind: 'setTraining',
      training: { loss: 'mse', optimizer: { type: 'sgd', lr: 0.1 }, batch_size: 8, epochs: 1 },
    })
    roundTrip({ kind: 'setOutputs', outputs: [{ name: 'y', node: 'fc', port: 'out' }] })
    expect(() =>
      applyGraphChange(sample(), {
        kind: 'setTraining',
        training: { loss: 'mse', optimizer: { type: 'sgd', lr: -1 }, batch_size: 8, epochs: 1 },
      }),
    ).toThrow('training.optimizer.lr: must be more than 0, got -1')
  })

  it.each<[string, GraphChange, string]>([
    ['a missing node', { kind: 'removeNode', id: 'ghost' }, 'removeNode: there is no node "ghost"'],
    ['a duplicate id', { kind: 'addNode', node: node('fc', 'relu') }, 'addNode: a node "fc" already exists'],
    ['a reserved id', { kind: 'addNode', node: node('class', 'relu') }, '"class" cannot be a node id'],
    ['an unknown type', { kind: 'addNode', node: node('n', 'dnse') }, 'node.type: unknown layer type "dnse"'],
    ['an occupied port', { kind: 'connect', edge: edge('x', 'act') }, 'input act:x is already fed by fc:out'],
    ['a cycle', { kind: 'connect', edge: edge('head', 'cat', 'in2') }, 'close a cycle cat -> head -> cat'],
    ['a missing port', { kind: 'connect', edge: edge('x', 'head', 'y') }, 'head has no input port "y"'],
    [
      'an unknown param',
      { kind: 'setParam', id: 'fc', param: 'units', value: 3 },
      'dense has no param "units"',
    ],
    [
      'a bad param value',
      { kind: 'setParam', id: 'fc', param: 'out_features', value: 'ten' },
      'fc.out_features: expected a number',
    ],
    ['a taken name', { kind: 'renameNode', id: 'fc', to: 'act' }, 'a node "act" already exists'],
    [
      'an output of a missing node',
      { kind: 'setOutputs', outputs: [{ name: 'y', node: 'q', port: 'out' }] },
      'no node "q"',
    ],
  ])('refuses %s with a clear error', (_, change, message) => {
    expect(() => applyGraphChange(sample(), change)).toThrow(GraphChangeError)
    expect(() => applyGraphChange(sample(), change)).toThrow(message)
  })

  it('leaves the document untouched when a batch fails halfway', () => {
    const doc = deepFreeze(sample())
    expect(() =>
      applyGraphChange(doc, {
        kind: 'batch',
        changes: [
          { kind: 'removeNode', id: 'act' },
          { kind: 'removeNode', id: 'act' },
        ],
      }),
    ).toThrow('there is no node "act"')
    expect(doc).toEqual(sample())
  })
})
