import type { onnx } from 'onnx-proto'
import type { ModelDocument } from '../document/schema'
import type { PortDtype } from '../layers/types'
import type { Shape } from '../shapes/shape'
import { onnxExportIssues } from './issues'
import type { OnnxValue } from './mapping'
import { OnnxGraph, type WeightMap } from './onnxGraph'
import { ONNX } from './proto'
import { type Flow, walkDocument } from './walk'

/** The ONNX opset the exporter writes (the first with LayerNormalization). */
export const ONNX_OPSET = 17
/** IR version 8: what opset 17 needs and what onnx-proto's schema describes. */
const IR_VERSION = 8

/** Options of `exportOnnx`. */
export interface OnnxExportOptions {
  /** ONNX opset; only 17 is written. */
  readonly opset?: 17
  /** The batch dimension: symbolic `N` (default, any batch) or a fixed size. */
  readonly batch?: 'dynamic' | number
}

/** A model's weights as the engine keeps them: parameters and buffers by state_dict key. */
export interface OnnxWeights {
  readonly params: WeightMap
  readonly buffers: WeightMap
}

const DataType = ONNX.TensorProto.DataType

function valueInfo(name: string, shape: Shape, dtype: PortDtype): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: dtype === 'int' ? DataType.INT64 : DataType.FLOAT,
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  }
}

/**
 * Exports a document's inference graph (eval mode: Dropout is the identity, BatchNorm uses its
 * running statistics) as an ONNX model, opset 17: graph inputs named after the document's input
 * nodes (int64 for token ids), outputs after its outputs, batch dimension `N` unless fixed,
 * initializers named with PyTorch's state_dict keys (`hidden1.weight`), ONNX nodes named under
 * each node's module path (`res1.conv1/Conv`); blocks are inlined. Only the nodes the outputs
 * need are exported. Throws, listing `onnxExportIssues`, when a node cannot be exported.
 *
 * @example
 * const state = compileDocument(doc).step.initialState(0)
 * const bytes = exportOnnx(doc, state) // ModelProto bytes, for onnxruntime or a .onnx file
 */
export function exportOnnx(
  doc: ModelDocument,
  weights: OnnxWeights,
  options: OnnxExportOptions = {},
): Uint8Array {
  const opset = options.opset ?? ONNX_OPSET
  if (opset !== ONNX_OPSET) throw new Error(`ONNX export writes opset ${ONNX_OPSET} only, not ${opset}.`)
  const batch = options.batch ?? 'dynamic'
  if (batch !== 'dynamic' && !(Number.isInteger(batch) && batch >= 1))
    throw new Error(`batch must be 'dynamic' or a positive integer, got ${batch}.`)
  const issues = onnxExportIssues(doc)
  if (issues.length > 0)
    throw new Error(
      `Cannot export "${doc.name}" to ONNX: ${issues.map((i) => (i.node ? `${i.node}: ${i.message}` : i.message)).join(' ')}`,
    )
  const graph = new OnnxGraph(weights.params, weights.buffers)
  const outputNames = new Set(doc.outputs.map((o) => o.name))
  for (const name of outputNames) graph.reserve(name)
  const walk = walkDocument<string>(doc, batch === 'dynamic' ? 'N' : batch, {
    input(path) {
      if (outputNames.has(path) && !doc.outputs.some((o) => o.name === path && o.node === path))
        throw new Error(`output "${path}" has the name of input node ${path}: rename the output.`)
      graph.reserve(path)
      return path
    },
    layer({ path, layer, params, inputs, ports, outputs }) {
      const mapping = layer.onnx
      if (!mapping) throw new Error(`node ${path}: ${layer.label} has no ONNX form.`)
      const first = graph.nodes.length
      const values: OnnxValue[] = inputs.map((f) => ({ name: f.value, shape: f.shape, dtype: f.dtype }))
      const emitted = mapping.emit({ b: graph.scope(path), params, inputs: values, ports, outputs })
      const names = Array.isArray(emitted) ? emitted : [emitted]
      if (names.length !== outputs.length)
        throw new Error(`node ${path}: the ONNX mapping gave ${names.length} outputs, not ${outputs.length}.`)
      // a tensor the mapping made gets the node's readable name; a pass-through (Dropout) keeps its own
      return names.map((name, i) => {
        if (!graph.isNodeOutput(name, first)) return name
        const port = layer.outputs[i]?.name ?? String(i)
        const readable = graph.fresh(outputs.length === 1 ? path : `${path}:${port}`)
        graph.rename(name, readable)
        return readable
      })
    },
  })
  // graph outputs take the document's output names: the tensor is renamed, or copied by an
  // Identity when it is a graph input or already another output
  const claimed = new Set<string>(walk.inputs.map((i) => i.flow.value))
  const renamed = new Map<string, string>()
  const outputs = walk.outputs.map(({ name, flow }) => {
    const current = renamed.get(flow.value) ?? flow.value
    if (current !== name) {
      if (!claimed.has(current) && graph.isNodeOutput(current)) {
        graph.rename(current, name)
        renamed.set(flow.value, name)
      } else graph.rename(graph.add(`${name}/Identity`, 'Identity', [current], 1)[0]!, name)
    }
    claimed.add(name)
    return valueInfo(name, flow.shape, flow.dtype)
  })
  const model: onnx.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'Triad',
    graph: {
      name: doc.name,
      node: graph.nodes,
      initializer: graph.initializers,
      input: walk.inputs.map(({ name, flow }: { name: string; flow: Flow<string> }) =>
        valueInfo(name, flow.shape, flow.dtype),
      ),
      output: outputs,
    },
  }
  return ONNX.ModelProto.encode(ONNX.ModelProto.create(model)).finish()
}
