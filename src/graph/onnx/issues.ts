import type { ModelDocument } from '../document/schema'
import { inferShapes } from '../shapes/inferShapes'
import { walkDocument } from './walk'

/** Why one node of a document cannot be exported to ONNX. `node` is its module path (`res1.bn1`). */
export interface OnnxExportIssue {
  readonly node: string
  readonly message: string
}

/**
 * Which nodes cannot be exported to ONNX and why, found without exporting: shape errors first
 * (nothing exports until they are fixed), then every node the outputs need whose layer has no
 * ONNX form, or whose params it cannot express. Empty when `exportOnnx` will succeed. The export
 * dialog shows these before the user tries.
 *
 * @example onnxExportIssues(doc) // [{ node: 'loss', message: 'CrossEntropyLoss is a loss: ...' }]
 */
export function onnxExportIssues(doc: ModelDocument): OnnxExportIssue[] {
  if (doc.outputs.length === 0)
    return [
      { node: '', message: 'The document has no outputs: mark the node(s) the model returns as outputs.' },
    ]
  const shapeIssues = Object.values(inferShapes(doc).issues)
  if (shapeIssues.length > 0)
    return shapeIssues.map((i) => ({
      node: i.node,
      message: `Shapes do not check${i.port ? ` (port ${i.port})` : ''}: ${i.message} Fix it before exporting.`,
    }))
  const issues: OnnxExportIssue[] = []
  try {
    walkDocument(doc, 'N', {
      input: () => null,
      layer: ({ path, layer, params, inputs, outputs }) => {
        const mapping = layer.onnx
        const why = mapping
          ? mapping.refuse?.(
              params,
              inputs.map((f) => f.shape),
            )
          : layer.category === 'loss'
            ? `${layer.label} is a loss: the ONNX export holds the inference graph only. Make the model's output the loss's input (its logits or predictions) and export that.`
            : `${layer.label} has no ONNX form in Triad yet.`
        if (why) issues.push({ node: path, message: why })
        return outputs.map(() => null)
      },
    })
  } catch (e) {
    issues.push({ node: '', message: e instanceof Error ? e.message : String(e) })
  }
  return issues
}
