import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createNode, inputPortsOf, outputPortsOf, uniqueNodeId } from '../document/ports'
import { type BlockDef, edgeId, emptyDocument, type ModelDocument } from '../document/schema'
import { parseDocument } from '../document/validate'
import { applyGraphChange } from './applyGraphChange'
import { checkConnection, connectChange } from './connect'
import type { GraphChange } from './graphChange'
import { emptyHistory, type History, record, redo, undo } from './history'

/** A random edit, as numbers; `changeFor` turns it into a change valid for the current document. */
interface Intent {
  op: number
  a: number
  b: number
  c: number
  v: number
}

const TYPES = ['input', 'dense', 'relu', 'add', 'concat', 'sigmoid', 'block'] as const

const twice: BlockDef = {
  name: 'twice',
  inputs: ['h'],
  outputs: [{ name: 'y', node: 'act', port: 'out' }],
  nodes: [
    { id: 'h', type: 'input', params: {}, position: { x: 0, y: 0 } },
    { id: 'act', type: 'relu', params: {}, position: { x: 100, y: 0 } },
  ],
  edges: [{ id: 'h:out->act:x', source: 'h', sourcePort: 'out', target: 'act', targetPort: 'x' }],
}

function start(): ModelDocument {
  return {
    ...emptyDocument('start'),
    nodes: [
      createNode('input', 'x', { x: 0, y: 0 }, { shape: [4] }),
      createNode('dense', 'fc', { x: 200, y: 0 }, { in_features: 4, out_features: 8 }),
      createNode('relu', 'act', { x: 400, y: 0 }),
      createNode('concat', 'cat', { x: 400, y: 100 }),
      createNode('block', 'inner', { x: 600, y: 0 }, { block: 'twice' }),
      createNode('dense', 'head', { x: 800, y: 0 }),
    ],
    edges: [{ id: 'x:out->fc:x', source: 'x', sourcePort: 'out', target: 'fc', targetPort: 'x' }],
    outputs: [{ name: 'y', node: 'fc', port: 'out' }],
    blocks: [twice],
    code: '// hand-written code',
  }
}

function pick<T>(list: readonly T[], i: number): T | undefined {
  return list.length === 0 ? undefined : list[i % list.length]
}

function changeFor(doc: ModelDocument, { op, a, b, c, v }: Intent): GraphChange | undefined {
  const n = pick(doc.nodes, a)
  switch (op) {
    case 0: {
      const type = pick(TYPES, b)!
      if (type === 'block' && doc.blocks.length === 0) return undefined
      const id = uniqueNodeId(doc, type === 'block' ? 'twice' : type)
      const params: Record<string, string> = type === 'block' ? { block: 'twice' } : {}
      return { kind: 'addNode', node: createNode(type, id, { x: v, y: c % 100 }, params), index: c % 4 }
    }
    case 1:
      return n && { kind: 'removeNode', id: n.id }
    case 2:
    case 3: {
      // Try a few pairs: most random pairs are refused (occupied, cyclic, mistyped).
      for (let k = 0; k < 12; k++) {
        const s = pick(doc.nodes, a + k)
        const t = pick(doc.nodes, b + 3 * k)
        const out = s && pick(outputPortsOf(s, doc), 0)
        const port = t && pick(inputPortsOf(t, doc), c + k)
        if (!s || !t || !out || !port) continue
        const ends = { source: s.id, sourcePort: out.name, target: t.id, targetPort: port.name }
        if (!checkConnection(doc, ends).ok) continue
        // A plain connect cannot take a fed port (only connectChange rewires it).
        if (op !== 2 && doc.edges.some((e) => e.target === t.id && e.targetPort === port.name)) continue
        return op === 2 ? connectChange(doc, ends) : { kind: 'connect', edge: { id: edgeId(ends), ...ends } }
      }
      return undefined
    }
    case 4: {
      const e = pick(doc.edges, a)
      return e && { kind: 'disconnect', id: e.id }
    }
    case 5:
      if (n?.type === 'dense')
        return { kind: 'setParam', id: n.id, param: 'out_features', value: c % 3 === 0 ? undefined : v }
      if (n?.type === 'input') return { kind: 'setParam', id: n.id, param: 'shape', value: [v] }
      if (n?.type === 'concat') return { kind: 'setParam', id: n.id, param: 'dim', value: c % 2 }
      return undefined
    case 6:
      return n && { kind: 'move', id: n.id, position: { x: v, y: c } }
    case 7: {
      const to = `${n?.id}_r`
      return n && !doc.nodes.some((m) => m.id === to) ? { kind: 'renameNode', id: n.id, to } : undefined
    }
    case 8: {
      const outs = doc.nodes.filter((_, i) => (v >> i) & 1).slice(0, 3)
      return {
        kind: 'setOutputs',
        outputs: outs.map((m, i) => ({ name: `o${i}`, node: m.id, port: outputPortsOf(m, doc)[0]!.name })),
      }
    }
    case 9:
      return {
        kind: 'setTraining',
        training:
          c % 2
            ? undefined
            : { loss: 'mse', optimizer: { type: 'adam', lr: 1 / v }, batch_size: v, epochs: 1 },
      }
    case 10:
      return c % 2
        ? { kind: 'setName', name: `model ${v}` }
        : { kind: 'setCode', code: c % 3 ? `// v${v}` : undefined }
    case 11: {
      const inUse = doc.nodes.some((m) => m.type === 'block')
      return { kind: 'setBlocks', blocks: inUse || c % 2 ? [twice] : [] }
    }
    case 12:
      return { kind: 'replaceDocument', doc: c % 2 ? start() : { ...doc, name: `copy ${v}` } }
    default: {
      // A batch of a few follow-up edits, each chosen against the document the previous left.
      const changes: GraphChange[] = []
      let current = doc
      for (let k = 0; k < 3; k++) {
        const sub = changeFor(current, { op: (b + 5 * k) % 12, a: a + k, b: c + k, c: v + k, v: v + k })
        if (!sub) continue
        current = applyGraphChange(current, sub).doc
        changes.push(sub)
      }
      return { kind: 'batch', changes, label: 'batch' }
    }
  }
}

const intents = fc.array(
  fc.record({
    op: fc.nat({ max: 13 }),
    a: fc.nat({ max: 50 }),
    b: fc.nat({ max: 50 }),
    c: fc.nat({ max: 50 }),
    v: fc.integer({ min: 1, max: 64 }),
  }),
  { maxLength: 30 },
)

/** Applies the intents in turn: every document along the way, and the history recorded. */
function run(list: readonly Intent[]): { docs: ModelDocument[]; inverses: GraphChange[]; history: History } {
  const docs = [start()]
  const inverses: GraphChange[] = []
  let history = emptyHistory()
  for (const intent of list) {
    const doc = docs[docs.length - 1]!
    const change = changeFor(doc, intent)
    if (!change) continue
    const applied = applyGraphChange(doc, change)
    docs.push(applied.doc)
    inverses.push(applied.inverse)
    history = record(history, applied.inverse)
  }
  return { docs, inverses, history }
}

describe('graph changes (property)', () => {
  it('keep every document valid, and the inverses applied in reverse give back the original', () => {
    fc.assert(
      fc.property(intents, (list) => {
        const { docs, inverses } = run(list)
        for (const d of docs) expect(parseDocument(structuredClone(d)).ok).toBe(true)
        let doc = docs[docs.length - 1]!
        for (let i = inverses.length - 1; i >= 0; i--) {
          doc = applyGraphChange(doc, inverses[i]!).doc
          expect(doc).toEqual(docs[i])
        }
      }),
      { numRuns: 150 },
    )
  })

  it('undo walks back through every document, redo walks forward, and undo(redo(x)) is x', () => {
    fc.assert(
      fc.property(intents, (list) => {
        const { docs, history: recorded } = run(list)
        let doc = docs[docs.length - 1]!
        let history = recorded
        for (let i = docs.length - 2; i >= 0; i--) {
          const step = undo(doc, history)!
          ;({ doc, history } = step)
          expect(doc).toEqual(docs[i])
        }
        expect(undo(doc, history)).toBeNull()
        for (let i = 1; i < docs.length; i++) {
          const forward = redo(doc, history)!
          const back = undo(forward.doc, forward.history)!
          expect(back.doc).toEqual(doc)
          ;({ doc, history } = forward)
          expect(doc).toEqual(docs[i])
        }
        expect(redo(doc, history)).toBeNull()
      }),
      { numRuns: 150 },
    )
  })
})
