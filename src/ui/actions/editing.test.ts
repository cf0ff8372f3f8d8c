import { describe, expect, it } from 'vitest'
import { edgeId } from '../../graph/document/schema'
import { chainDocument, storeWith } from '../testing/fixtures'
import { addLayer } from './addLayer'
import { applyFix } from './applyFix'
import { connectPorts } from './connectPorts'
import { copySelection } from './copySelection'
import { deleteSelection } from './deleteSelection'
import { moveNodes } from './moveNodes'
import { paste } from './paste'
import { renameNode } from './renameNode'
import { setParam } from './setParam'

describe('addLayer', () => {
  it('drops a layer at the given point with a fresh id and selects it', () => {
    const store = storeWith()
    const id = addLayer(store, { type: 'dense' }, { x: 500, y: 300 })
    expect(id).toBe('dense')
    const node = store.getState().doc.nodes.find((n) => n.id === 'dense')
    expect(node?.position).toEqual({ x: 500, y: 300 })
    expect(node?.params.out_features).toBe(1)
    expect(store.getState().selection.nodes).toEqual(['dense'])
    expect(addLayer(store, { type: 'dense' }, { x: 0, y: 0 })).toBe('dense_1')
  })

  it('wires a clicked layer to the single selected node, undone in one step', () => {
    const store = storeWith()
    store.getState().select(['act'])
    const id = addLayer(store, { type: 'dense' })
    const doc = store.getState().doc
    expect(doc.edges.some((e) => e.source === 'act' && e.target === id)).toBe(true)
    // connectChange set in_features from the incoming [N, 16].
    expect(doc.nodes.find((n) => n.id === id)?.params.in_features).toBe(16)
    store.getState().undo()
    expect(store.getState().doc.nodes.some((n) => n.id === id)).toBe(false)
    expect(store.getState().doc.edges).toHaveLength(2)
  })

  it('leaves a clicked layer unwired when wiring it would break the shapes', () => {
    const store = storeWith()
    store.getState().select(['act'])
    const id = addLayer(store, { type: 'conv2d' })
    expect(store.getState().doc.edges.some((e) => e.target === id)).toBe(false)
  })

  it('refuses an unknown layer type without touching the document', () => {
    const store = storeWith()
    const before = store.getState().doc
    expect(addLayer(store, { type: 'quantumFoam' })).toBeNull()
    expect(store.getState().doc).toBe(before)
  })
})

describe('deleteSelection', () => {
  it('removes the selected nodes with their edges as one undo step', () => {
    const store = storeWith()
    store.getState().select(['hidden'])
    deleteSelection(store)
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['x', 'act'])
    expect(store.getState().doc.edges).toHaveLength(0)
    expect(store.getState().selection.nodes).toEqual([])
    store.getState().undo()
    expect(store.getState().doc.nodes).toHaveLength(3)
    expect(store.getState().doc.edges).toHaveLength(2)
  })

  it('removes a selected edge and keeps its nodes', () => {
    const store = storeWith()
    const edge = store.getState().doc.edges[0]!
    store.getState().select([], [edge.id])
    deleteSelection(store)
    expect(store.getState().doc.edges.map((e) => e.id)).not.toContain(edge.id)
    expect(store.getState().doc.nodes).toHaveLength(3)
  })
})

describe('copy and paste', () => {
  it('pastes copies with fresh ids, their inner edge remapped, as one undo step', () => {
    const store = storeWith()
    store.getState().select(['hidden', 'act'])
    expect(copySelection(store)).toBe(2)
    const ids = paste(store)
    expect(ids).toEqual(['hidden_1', 'act_1'])
    const doc = store.getState().doc
    expect(doc.edges.map((e) => e.id)).toContain(
      edgeId({ source: 'hidden_1', sourcePort: 'out', target: 'act_1', targetPort: 'x' }),
    )
    // The edge from x into the original was outside the copy, so it is not duplicated.
    expect(doc.edges.filter((e) => e.target === 'hidden_1')).toHaveLength(0)
    const original = doc.nodes.find((n) => n.id === 'hidden')!
    const copy = doc.nodes.find((n) => n.id === 'hidden_1')!
    expect(copy.position.x).toBeGreaterThan(original.position.x)
    expect(store.getState().selection.nodes).toEqual(ids)
    store.getState().undo()
    expect(store.getState().doc.nodes).toHaveLength(3)
  })

  it('offsets a second paste so it does not cover the first', () => {
    const store = storeWith()
    store.getState().select(['act'])
    copySelection(store)
    paste(store)
    paste(store)
    const [a, b] = ['act_1', 'act_2'].map(
      (id) => store.getState().doc.nodes.find((n) => n.id === id)!.position,
    )
    expect(a).not.toEqual(b)
  })
})

describe('setParam', () => {
  it('stores a value equal to an optional default as absent', () => {
    const store = storeWith()
    setParam(store, 'hidden', 'bias', false)
    expect(store.getState().doc.nodes.find((n) => n.id === 'hidden')?.params.bias).toBe(false)
    setParam(store, 'hidden', 'bias', true)
    expect(store.getState().doc.nodes.find((n) => n.id === 'hidden')?.params).not.toHaveProperty('bias')
  })

  it('keeps a required param written even at its default', () => {
    const store = storeWith()
    setParam(store, 'hidden', 'out_features', 1)
    expect(store.getState().doc.nodes.find((n) => n.id === 'hidden')?.params.out_features).toBe(1)
  })
})

describe('renameNode', () => {
  it('renames a node, keeps it selected, and refuses taken or reserved names', () => {
    const store = storeWith()
    expect(renameNode(store, 'hidden', 'fc1')).toBeNull()
    expect(store.getState().selection.nodes).toEqual(['fc1'])
    expect(store.getState().doc.edges.some((e) => e.target === 'fc1')).toBe(true)
    expect(renameNode(store, 'fc1', 'act')).toMatch(/already/)
    expect(renameNode(store, 'fc1', 'class')).toMatch(/reserved/)
    expect(renameNode(store, 'fc1', '2fast')).toMatch(/identifier/)
  })
})

describe('connectPorts', () => {
  it('refuses a connection that would close a cycle and says why', () => {
    const store = storeWith()
    const ok = connectPorts(store, {
      source: 'act',
      sourceHandle: 'out',
      target: 'hidden',
      targetHandle: 'x',
    })
    expect(ok).toBe(false)
    expect(store.getState().notice?.tone).toBe('error')
    expect(store.getState().notice?.text).toMatch(/^Cannot connect: /)
  })
})

describe('moveNodes', () => {
  it('moves several nodes as one undo step, rounding positions', () => {
    const store = storeWith()
    moveNodes(store, [
      { id: 'x', position: { x: 10.4, y: 20.6 } },
      { id: 'act', position: { x: 900, y: 40 } },
    ])
    expect(store.getState().doc.nodes.find((n) => n.id === 'x')?.position).toEqual({ x: 10, y: 21 })
    store.getState().undo()
    expect(store.getState().doc.nodes.find((n) => n.id === 'x')?.position).toEqual({ x: 0, y: 0 })
    expect(store.getState().doc.nodes.find((n) => n.id === 'act')?.position).toEqual({ x: 520, y: 0 })
  })
})

describe('applyFix', () => {
  it('applies a "set param" fix from a shape issue', () => {
    const store = storeWith()
    store.getState().apply({ kind: 'setParam', id: 'hidden', param: 'in_features', value: 5 })
    expect(store.getState().shapes.issues.hidden?.fix?.kind).toBe('setParam')
    expect(applyFix(store, 'hidden')).toBe(true)
    expect(store.getState().shapes.issues.hidden).toBeUndefined()
  })

  it('inserts a Flatten between an image input and a Dense, as one undo step', () => {
    const store = storeWith(
      chainDocument([
        ['image', 'input', { shape: [1, 4, 4] }],
        ['fc', 'dense', { out_features: 3 }],
      ]),
    )
    expect(store.getState().shapes.issues.fc?.fix).toMatchObject({ kind: 'insertLayer', layer: 'flatten' })
    expect(applyFix(store, 'fc')).toBe(true)
    const { doc, shapes } = store.getState()
    expect(doc.nodes.map((n) => n.type)).toContain('flatten')
    expect(shapes.issues.fc).toBeUndefined()
    expect(shapes.outputs.fc).toEqual([['N', 3]])
    store.getState().undo()
    expect(store.getState().doc.nodes.map((n) => n.type)).toEqual(['input', 'dense'])
  })
})
