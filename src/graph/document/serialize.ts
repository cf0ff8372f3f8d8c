import { findLayer } from '../layers'
import type { ParamValue } from '../layers/params'
import {
  blockSchema,
  documentSchema,
  edgeSchema,
  type GraphNode,
  type ModelDocument,
  metadataSchema,
  nodeSchema,
  optimizerSchema,
  outputSchema,
  positionSchema,
  trainingSchema,
} from './schema'

/**
 * Writing a document to text. The output is stable: keys are written in the schema's order and
 * a node's params in its layer's declaration order, so the same document gives the same bytes
 * whatever edit history built it (diffs and content hashes stay meaningful).
 */

/** `obj` with `keys` first, in that order, then any other keys sorted; undefined values dropped. */
function ordered<T extends object>(obj: T, keys: readonly string[]): T {
  const src = obj as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k]
  for (const k of Object.keys(src).sort()) if (!(k in out) && src[k] !== undefined) out[k] = src[k]
  return out as T
}

const keysOf = (schema: { shape: object }): string[] => Object.keys(schema.shape)

function canonicalNode(node: GraphNode): GraphNode {
  const layer = findLayer(node.type)
  const paramOrder = layer ? Object.keys(layer.params) : ['block']
  return ordered(
    {
      ...node,
      params: ordered(node.params, paramOrder) as Record<string, ParamValue>,
      position: ordered(node.position, keysOf(positionSchema)),
    },
    keysOf(nodeSchema),
  )
}

function canonicalBody<T extends { nodes: GraphNode[]; edges: ModelDocument['edges'] }>(body: T): T {
  return {
    ...body,
    nodes: body.nodes.map(canonicalNode),
    edges: body.edges.map((e) => ordered(e, keysOf(edgeSchema))),
  }
}

/** The document with every object's keys in canonical order (values untouched). */
export function canonicalDocument(doc: ModelDocument): ModelDocument {
  const outputs = (list: ModelDocument['outputs']) => list.map((o) => ordered(o, keysOf(outputSchema)))
  const training = doc.training
    ? ordered(
        { ...doc.training, optimizer: ordered(doc.training.optimizer, keysOf(optimizerSchema)) },
        keysOf(trainingSchema),
      )
    : undefined
  return ordered(
    {
      ...canonicalBody(doc),
      outputs: outputs(doc.outputs),
      blocks: doc.blocks.map((b) =>
        ordered({ ...canonicalBody(b), outputs: outputs(b.outputs) }, keysOf(blockSchema)),
      ),
      training,
      metadata: ordered(doc.metadata, keysOf(metadataSchema)),
    },
    keysOf(documentSchema),
  )
}

/** The document as stable, 2-space indented JSON with a trailing newline. */
export function serializeDocument(doc: ModelDocument): string {
  return `${JSON.stringify(canonicalDocument(doc), null, 2)}\n`
}

/** A file name for saving the document: its name in kebab-case plus `.triad.json`. */
export function documentFileName(doc: Pick<ModelDocument, 'name'>): string {
  const slug = doc.name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
  return `${slug || 'untitled'}.triad.json`
}
