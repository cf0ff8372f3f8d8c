import { describe, expect, it } from 'vitest'
import { edgeId, emptyDocument, type GraphEdge, type GraphNode, type ModelDocument } from '../document/schema'
import { emitCode } from './emitCode'

const node = (id: string, type: string, params: GraphNode['params'] = {}): GraphNode => ({
  id,
  type,
  params,
  position: { x: 0, y: 0 },
})
const edge = (source: string, target: string, targetPort = 'x', sourcePort = 'out'): GraphEdge => {
  const e = { source, sourcePort, target, targetPort }
  return { id: edgeId(e), ...e }
}

describe('emitCode', () => {
  const doc: ModelDocument = {
    ...emptyDocument('mlp'),
    // Document order is not topological: `logits` is listed before what feeds it.
    nodes: [
      node('logits', 'dense', { bias: false, out_features: 10, in_features: 16 }),
      node('x', 'input', { shape: [784] }),
      node('h', 'block', { block: 'res' }),
    ],
    edges: [edge('h', 'logits'), edge('x', 'h')],
    outputs: [{ name: 'logits', node: 'logits', port: 'out' }],
    blocks: [
      {
        name: 'res',
        inputs: ['x'],
        outputs: [{ name: 'out', node: 'act', port: 'out' }],
        nodes: [node('x', 'input'), node('act', 'relu')],
        edges: [edge('x', 'act')],
      },
    ],
    training: { loss: 'cross_entropy', optimizer: { type: 'adam', lr: 0.001 }, batch_size: 64, epochs: 3 },
  }

  it('writes blocks, the model in topological order and fit, with params in spec order', () => {
    expect(emitCode(doc).code).toBe(`import { model, block, fit, adam } from 'triad'

const res = block('res', (L, x) => {
  const act = L.relu(x)
  return act
})

export default model('mlp', (L) => {
  const x = L.input({ shape: [784] })
  const h = res(L, x)
  const logits = L.dense(h, { in_features: 16, out_features: 10, bias: false })
  return { logits }
})

export const training = fit({
  loss: 'cross_entropy',
  optimizer: adam({ lr: 0.001 }),
  batch_size: 64,
  epochs: 3,
})
`)
  })

  it('reports the 1-based line of every node, block nodes keyed block/id', () => {
    expect(emitCode(doc).nodeLines).toEqual({
      'res/x': { start: 3, end: 3 },
      'res/act': { start: 4, end: 4 },
      x: { start: 9, end: 9 },
      h: { start: 10, end: 10 },
      logits: { start: 11, end: 11 },
    })
  })

  it('imports only model for a bare document and prints numbers and strings exactly', () => {
    const bare: ModelDocument = {
      ...emptyDocument("it's"),
      nodes: [node('a', 'dropout', { p: 1e-7 }), node('b', 'leakyRelu', { negative_slope: -0 })],
      outputs: [{ name: 'y', node: 'b', port: 'out' }],
    }
    expect(emitCode(bare).code).toBe(`import { model } from 'triad'

export default model('it\\'s', (L) => {
  const a = L.dropout(null, { p: 1e-7 })
  const b = L.leakyRelu(null, { negative_slope: -0 })
  return { y: b }
})
`)
  })

  it('renames a block function whose name a node id already uses', () => {
    const clash: ModelDocument = {
      ...doc,
      nodes: [node('res', 'block', { block: 'res' })],
      edges: [],
      outputs: [],
    }
    const code = emitCode(clash).code
    expect(code).toContain("const resBlock = block('res', (L, x) => {")
    expect(code).toContain('  const res = resBlock(L, null)')
  })

  it('writes variadic ports up to the highest connected one and unknown layers as they are', () => {
    const odd: ModelDocument = {
      ...emptyDocument(),
      nodes: [node('a', 'input'), node('s', 'add'), node('w', 'warp', { k: 2 })],
      edges: [edge('a', 's', 'in2'), edge('a', 'w', 'src')],
    }
    const code = emitCode(odd).code
    expect(code).toContain('  const s = L.add(null, null, a)')
    expect(code).toContain('  const w = L.warp(a, { k: 2 })')
  })

  it('is deterministic', () => {
    expect(emitCode(structuredClone(doc))).toEqual(emitCode(doc))
  })
})
