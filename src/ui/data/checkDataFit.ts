import { checkDataShape, checkLabelShape } from '../../engine/data/checkShape'
import type { Dataset } from '../../engine/data/dataset'
import { applyGraphChange } from '../../graph/changes/applyGraphChange'
import type { GraphChange } from '../../graph/changes/graphChange'
import { outputPortsOf } from '../../graph/document/ports'
import type { ModelDocument } from '../../graph/document/schema'
import { findLayer } from '../../graph/layers'
import { inferShapes } from '../../graph/shapes/inferShapes'
import type { ShapeReport } from '../../graph/shapes/report'

/** Bound on the follow-up fixes of inferred params (`in_features` after a new Input shape). */
const MAX_FOLLOW_UPS = 16

/**
 * `first` as one undoable batch, followed by the fixes the shape rules then ask for on params
 * marked `inferredFromInput` (the next Dense's `in_features`), as drawing an edge does.
 */
export function withInferredFixes(doc: ModelDocument, first: GraphChange, label: string): GraphChange {
  const changes: GraphChange[] = [first]
  let current = applyGraphChange(doc, first).doc
  const fixed = new Set<string>()
  for (let i = 0; i < MAX_FOLLOW_UPS; i++) {
    const issues = Object.values(inferShapes(current).issues)
    const next = issues.find((issue) => {
      const fix = issue.fix
      const node = current.nodes.find((n) => n.id === issue.node)
      return (
        fix?.kind === 'setParam' &&
        !fixed.has(`${issue.node}.${fix.param}`) &&
        !!node &&
        !!findLayer(node.type)?.params[fix.param]?.inferredFromInput
      )
    })
    if (next?.fix?.kind !== 'setParam') break
    fixed.add(`${next.node}.${next.fix.param}`)
    const set: GraphChange = { kind: 'setParam', id: next.node, param: next.fix.param, value: next.fix.value }
    current = applyGraphChange(current, set).doc
    changes.push(set)
  }
  return { kind: 'batch', changes, label }
}

/** A one-click fix of a misfit: the edit, and its words for the button and the undo history. */
export interface DataFix {
  readonly label: string
  readonly change: GraphChange
}

/** Whether the data fits the model, and if not why and what to change. */
export type DataFit =
  | { readonly ok: true }
  | { readonly ok: false; readonly message: string; readonly fix?: DataFix }

/** The numeric dims of a shape after the batch dim, or null when one is symbolic or missing. */
function sampleDims(shape: readonly (number | string)[] | undefined): number[] | null {
  if (!shape) return null
  const rest = shape.slice(1)
  return rest.every((d): d is number => typeof d === 'number') ? rest : null
}

/**
 * Checks a dataset against the model the way the worker will (`bindData`): one sample against
 * the Input's shape, the labels against the first output. Uses the document's shape report, so
 * it costs nothing on every edit. A misfit carries the message with the fix and, where one edit
 * fixes it (the Input's `shape`, a final Dense layer's `out_features`), that edit.
 */
export function checkDataFit(
  doc: ModelDocument,
  shapes: ShapeReport,
  dataset: Pick<Dataset, 'sampleShape' | 'labels'>,
): DataFit {
  const inputs = doc.nodes.filter((n) => n.type === 'input')
  if (inputs.length !== 1)
    return {
      ok: false,
      message: `the model has ${inputs.length} Input nodes: the run panel feeds data to exactly one, so keep one Input.`,
    }
  const input = inputs[0]!
  const inputShape = sampleDims(shapes.outputs[input.id]?.[0])
  if (!inputShape)
    return { ok: false, message: `the Input "${input.id}" has no known shape: fix its shape first.` }
  const dataMisfit = checkDataShape(dataset.sampleShape, inputShape)
  if (dataMisfit)
    return {
      ok: false,
      message: dataMisfit,
      fix: {
        label: `Set the Input shape to [${dataset.sampleShape.join(', ')}]`,
        change: withInferredFixes(
          doc,
          { kind: 'setParam', id: input.id, param: 'shape', value: [...dataset.sampleShape] },
          'fit the Input to the data',
        ),
      },
    }
  const output = doc.outputs[0]
  const outputNode = output ? doc.nodes.find((n) => n.id === output.node) : undefined
  if (!output || !outputNode)
    return { ok: false, message: 'the model has no output: mark the last layer as an output.' }
  const port = outputPortsOf(outputNode, doc).findIndex((p) => p.name === output.port)
  const outputShape = sampleDims(shapes.outputs[outputNode.id]?.[Math.max(0, port)])
  if (!outputShape)
    return {
      ok: false,
      message: `the output "${output.name}" has no known shape: fix the model's shape errors first.`,
    }
  const { labels } = dataset
  const loss = doc.training?.loss ?? 'cross_entropy'
  const needed = labels.kind === 'classes' && loss === 'cross_entropy' ? Math.max(2, labels.numClasses) : 0
  const classes = outputShape.length === 1 ? outputShape[0]! : -1
  const labelMisfit =
    needed > 0 && classes < needed
      ? `labels have ${labels.kind === 'classes' ? labels.numClasses : 0} classes but the model output is [${outputShape.join(', ')}]: make the last layer output ${needed} values`
      : checkLabelShape(labels, outputShape)
  if (!labelMisfit) return { ok: true }
  const width =
    labels.kind === 'classes'
      ? Math.max(needed, labels.numClasses)
      : labels.shape.length === 1
        ? labels.shape[0]!
        : 0
  return {
    ok: false,
    message: labelMisfit,
    ...(outputNode.type === 'dense' && width > 0
      ? {
          fix: {
            label: `Set ${outputNode.id}.out_features to ${width}`,
            change: withInferredFixes(
              doc,
              { kind: 'setParam', id: outputNode.id, param: 'out_features', value: width },
              'fit the output to the labels',
            ),
          },
        }
      : {}),
  }
}
