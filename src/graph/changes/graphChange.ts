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
  /** `index` places the node in `doc.nodes` (default: last); inverses use it to restore order exactly. */
  | { kind: 'addNode'; node: GraphNode; index?: number }
  /** Removes the node, its edges and any graph output that names it. */
  | { kind: 'removeNode'; id: NodeId }
  /** `index` places the edge in `doc.edges` (default: last); inverses use it to restore order exactly. */
  | { kind: 'connect'; edge: GraphEdge; index?: number }
  | { kind: 'disconnect'; id: string }
  /** `value: undefined` removes the key, so the param falls back to its default. */
  | { kind: 'setParam'; id: NodeId; param: string; value: ParamValue | undefined }
  | { kind: 'move'; id: NodeId; position: Position }
  | { kind: 'renameNode'; id: NodeId; to: NodeId }
  | { kind: 'setOutputs'; outputs: GraphOutput[] }
  | { kind: 'setTraining'; training: TrainingSetup | undefined }
  | { kind: 'setName'; name: string }
  | { kind: 'setBlocks'; blocks: BlockDef[] }
  /**
   * Sets (or, with `undefined`, drops) the code face as the user wrote it. The code pane uses it
   * for text that does not trace yet; inverses use it to restore code a graph edit dropped.
   */
  | { kind: 'setCode'; code: string | undefined }
  /** Swap the whole document (a traced code edit, a template load, open file). */
  | { kind: 'replaceDocument'; doc: ModelDocument }
  | { kind: 'batch'; changes: GraphChange[]; label?: string }

export interface AppliedChange {
  doc: ModelDocument
  /** Applying `inverse` to `doc` gives back the document before the change. */
  inverse: GraphChange
}
