import { z } from 'zod'

/**
 * The model document: the one source of truth the canvas, the code pane and the bundle are
 * views of. Versioned by `schemaVersion`; older versions are upgraded by `migrations.ts`.
 */
export const SCHEMA_VERSION = 1

/** Node ids double as `const` names in the code face, so they are JavaScript identifiers. */
export const NODE_ID_PATTERN = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** Names a node id cannot take: JavaScript reserved words and the code face's own names. */
export const RESERVED_IDS: ReadonlySet<string> = new Set([
  ...'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await async of undefined NaN Infinity eval arguments'.split(
    ' ',
  ),
  ...'L model block fit sgd adam adamw rmsprop training triad require exports module console'.split(' '),
])

const nodeId = z
  .string()
  .regex(NODE_ID_PATTERN, 'must be a JavaScript identifier (letters, digits, _ or $)')
  .refine((id) => !RESERVED_IDS.has(id), {
    message: 'is a reserved word in the code face; pick another name',
  })
const paramValue = z.union([z.number(), z.boolean(), z.string(), z.array(z.number()), z.null()])

export const positionSchema = z.strictObject({ x: z.number(), y: z.number() })

export const nodeSchema = z.strictObject({
  id: nodeId,
  /** A catalogue layer type (`dense`), or `block` for an instance of a block in `blocks`. */
  type: z.string().min(1),
  /** Only the params that differ from the defaults need be present. A block instance: `{ block: name }`. */
  params: z.record(z.string(), paramValue),
  position: positionSchema,
})

/**
 * An edge from an output port to an input port; an input port takes at most one edge. Its id is
 * always `edgeId(edge)`, so the same connection has the same id whether drawn or traced from code.
 */
export const edgeSchema = z.strictObject({
  id: z.string().min(1),
  source: nodeId,
  sourcePort: z.string().min(1),
  target: nodeId,
  targetPort: z.string().min(1),
})

/** A named output of a graph: what `return { logits }` names in code. */
export const outputSchema = z.strictObject({ name: nodeId, node: nodeId, port: z.string().min(1) })

/**
 * A reusable subgraph. Its inputs are the ids of `input` nodes inside it (the exposed input
 * ports, in order; their `shape` param is ignored, the instance's incoming shapes flow in);
 * its outputs name the inner ports it exposes.
 */
export const blockSchema = z.strictObject({
  name: nodeId,
  inputs: z.array(nodeId),
  outputs: z.array(outputSchema).min(1),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
})

export const LOSSES = ['cross_entropy', 'mse', 'bce_with_logits', 'l1', 'huber'] as const
export const OPTIMIZERS = ['sgd', 'adam', 'adamw', 'rmsprop'] as const

export const optimizerSchema = z.strictObject({
  type: z.enum(OPTIMIZERS),
  lr: z.number().positive(),
  momentum: z.number().min(0).optional(),
  weight_decay: z.number().min(0).optional(),
  nesterov: z.boolean().optional(),
  betas: z.tuple([z.number(), z.number()]).optional(),
  eps: z.number().positive().optional(),
})

/** The declarative training loop (Keras' fit): what `fit({...})` holds in code. */
export const trainingSchema = z.strictObject({
  loss: z.enum(LOSSES),
  optimizer: optimizerSchema,
  batch_size: z.number().int().positive(),
  epochs: z.number().int().positive(),
  seed: z.number().int().min(0).optional(),
  dataset: z.string().optional(),
  validation_split: z.number().min(0).max(0.9).optional(),
  metrics: z.array(z.string()).optional(),
})

/** The canonical id of an edge: `source:port->target:port`. */
export function edgeId(e: {
  source: string
  sourcePort: string
  target: string
  targetPort: string
}): string {
  return `${e.source}:${e.sourcePort}->${e.target}:${e.targetPort}`
}

export const metadataSchema = z.strictObject({
  description: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  /**
   * Where the document came from: `local` (made here) or `external` (opened from a file or
   * another person). External code is shown, never run, until the user chooses to run it.
   */
  origin: z.enum(['local', 'external']).optional(),
  template: z.string().optional(),
})

export const documentSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  name: z.string().min(1),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
  outputs: z.array(outputSchema),
  blocks: z.array(blockSchema),
  training: trainingSchema.optional(),
  /**
   * The code face as the user wrote it (loops, helpers, comments). Absent: the code face is
   * `emitCode(doc)`. A graph edit drops it (the code is then regenerated from the graph).
   */
  code: z.string().optional(),
  metadata: metadataSchema,
})

export type NodeId = string & z.infer<typeof nodeId>
export type Position = z.infer<typeof positionSchema>
export type GraphNode = z.infer<typeof nodeSchema>
export type GraphEdge = z.infer<typeof edgeSchema>
export type GraphOutput = z.infer<typeof outputSchema>
export type BlockDef = z.infer<typeof blockSchema>
export type TrainingSetup = z.infer<typeof trainingSchema>
export type OptimizerSetup = z.infer<typeof optimizerSchema>
export type DocumentMetadata = z.infer<typeof metadataSchema>
export type ModelDocument = z.infer<typeof documentSchema>

/** A graph body: the top-level model or a block's subgraph. */
export interface GraphBody {
  nodes: GraphNode[]
  edges: GraphEdge[]
}

/** An empty document. */
export function emptyDocument(name = 'untitled'): ModelDocument {
  return { schemaVersion: SCHEMA_VERSION, name, nodes: [], edges: [], outputs: [], blocks: [], metadata: {} }
}
