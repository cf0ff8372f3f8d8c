import { applyGraphChange } from '../../graph/changes/applyGraphChange'
import { connectChange } from '../../graph/changes/connect'
import { createNode, inputPortsOf } from '../../graph/document/ports'
import { emptyDocument, type ModelDocument } from '../../graph/document/schema'
import type { ParamValue } from '../../graph/layers/params'
import { type AppStore, createAppStore } from '../store/appState'

/** A node spec for `chainDocument`: `[id, type, params]`. */
export type NodeSpec = readonly [id: string, type: string, params?: Record<string, ParamValue>]

/**
 * A document whose nodes form a chain, each node's first output wired to the next node's first
 * input (through `connectChange`, so inferred params such as `in_features` are set).
 */
export function chainDocument(specs: readonly NodeSpec[], name = 'test'): ModelDocument {
  let doc = emptyDocument(name)
  specs.forEach(([id, type, params], i) => {
    doc = applyGraphChange(doc, {
      kind: 'addNode',
      node: createNode(type, id, { x: i * 260, y: 0 }, params),
    }).doc
  })
  for (let i = 1; i < specs.length; i++) {
    const source = specs[i - 1]?.[0] as string
    const target = specs[i]?.[0] as string
    const targetNode = doc.nodes.find((n) => n.id === target)
    const port = targetNode ? inputPortsOf(targetNode, doc)[0]?.name : undefined
    if (!port) throw new Error(`${target} has no input port`)
    doc = applyGraphChange(
      doc,
      connectChange(doc, { source, sourcePort: 'out', target, targetPort: port }),
    ).doc
  }
  return doc
}

/** input [2] -> dense (16) -> relu: the smallest model with params, an edge shape and an activation. */
export function mlpDocument(): ModelDocument {
  return chainDocument([
    ['x', 'input', { shape: [2] }],
    ['hidden', 'dense', { out_features: 16 }],
    ['act', 'relu'],
  ])
}

/** A store holding `doc` (default: `mlpDocument()`). */
export function storeWith(doc: ModelDocument = mlpDocument()): AppStore {
  return createAppStore(doc)
}
