import { applyGraphChange } from '../../graph/changes/applyGraphChange'
import type { GraphChange } from '../../graph/changes/graphChange'
import type { ModelDocument } from '../../graph/document/schema'

/** One step of a composed edit: a change, or a function of the document as the earlier steps left it. */
export type ChangeStep = GraphChange | ((doc: ModelDocument) => GraphChange | null)

/**
 * Builds one `batch` change out of steps that depend on each other (add a node, then connect to
 * it), by applying each step to a scratch copy of the document. The batch undoes as one step.
 *
 * @returns the batch and the document it produces (for reading back ids or ports).
 */
export function composeChanges(
  doc: ModelDocument,
  steps: readonly ChangeStep[],
  label?: string,
): { change: GraphChange; doc: ModelDocument } {
  const changes: GraphChange[] = []
  let current = doc
  for (const step of steps) {
    const change = typeof step === 'function' ? step(current) : step
    if (!change) continue
    current = applyGraphChange(current, change).doc
    changes.push(change)
  }
  return { change: { kind: 'batch', changes, ...(label !== undefined ? { label } : {}) }, doc: current }
}
