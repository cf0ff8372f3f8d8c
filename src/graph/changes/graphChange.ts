import type {
  BlockDef,
  GraphEdge,
  GraphNode,
  GraphOutput,
  ModelDocument,
  NodeId,
  Position,
  TrainingSetup,
} from '../document/schema'
import type { ParamValue } from '../layers/params'

/**
 * Every edit to a model document, as data. `applyGraphChange` applies one and returns its exact
 * inverse, so undo/redo is exact; a `batch` (paste, delete selection, template insert, a code
 * edit) undoes as one step.
 */
export type GraphChange =
  | { kind: 'addNode'; node: GraphNode }
  /** Removes the node, its edges and any graph output that names it. */
  | { kind: 'removeNode'; id: NodeId }
  | { kind: 'connect'; edge: GraphEdge }
  | { kind: 'disconnect'; id: string }
  /** `value: undefined` removes the key, so the param falls back to its default. */
  | { kind: 'setParam'; id: NodeId; param: string; value: ParamValue | undefined }
  | { kind: 'move'; id: NodeId; position: Position }
  | { kind: 'renameNode'; id: NodeId; to: NodeId }
  | { kind: 'setOutputs'; outputs: GraphOutput[] }
  | { kind: 'setTraining'; training: TrainingSetup | undefined }
  | { kind: 'setName'; name: string }
  | { kind: 'setBlocks'; blocks: BlockDef[] }
  /** Swap the whole document (a traced code edit, a template load, open file). */
  | { kind: 'replaceDocument'; doc: ModelDocument }
  | { kind: 'batch'; changes: GraphChange[]; label?: string }

export interface AppliedChange {
  doc: ModelDocument
  /** Applying `inverse` to `doc` gives back the document before the change. */
  inverse: GraphChange
}
