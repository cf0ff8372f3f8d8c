import type { TensorMap } from '../../../engine'
import type { ModelDocument } from '../../document/schema'
import { parseDocument } from '../../document/validate'
import { inferShapes } from '../../shapes/inferShapes'
import { buildDocument } from './build'
import { decodeOnnx } from './decode'
import { foldGraph } from './fold'
import { liftLayers } from './lift'
import { nameText } from './names'

/** Options of `importOnnx`. */
export interface OnnxImportOptions {
  /** The document's name (default: the ONNX graph's name, else `imported`). */
  readonly name?: string
}

/** What `importOnnx` gives: an editable document and its weights as initial parameters. */
export interface OnnxImport {
  readonly doc: ModelDocument
  readonly weights: { readonly params: TensorMap; readonly buffers: TensorMap }
}

/**
 * Imports an ONNX model (opsets 13-17, as PyTorch exports them) as a Triad document whose layers
 * are catalogue layers (Gemm and MatMul+Add become Dense, the erf pattern GELU, torch's attention
 * ops Multi-Head Attention, ...), laid out top to bottom, with the file's initializers as its
 * parameters and buffers under `<node id>.<name>` keys (the PyTorch state_dict names where the
 * module path has no dots: `fc1.weight`). Nothing in the file is executed. Throws a one-line error
 * for a damaged or oversized file, naming every op Triad does not know and every node it cannot
 * map to a layer.
 *
 * @example
 * const { doc, weights } = importOnnx(new Uint8Array(await file.arrayBuffer()))
 * const state = { ...compileDocument(doc, options).step.initialState(0), ...weights }
 */
export function importOnnx(bytes: Uint8Array, options: OnnxImportOptions = {}): OnnxImport {
  try {
    return importModel(bytes, options)
  } catch (e) {
    // a damaged file can reach code that expects a well-formed graph: say so, in one line
    if (e instanceof TypeError || e instanceof RangeError)
      throw new Error(`The ONNX file is damaged or not a model Triad can read (${nameText(e.message, 200)}).`)
    throw e
  }
}

function importModel(bytes: Uint8Array, options: OnnxImportOptions): OnnxImport {
  const model = decodeOnnx(bytes)
  const folded = foldGraph(model)
  const specs = liftLayers(folded)
  // the file's names become the document's: printable, short
  const name = options.name ?? (nameText(model.graphName.trim()) || 'imported')
  const built = buildDocument(
    specs,
    model.outputs.map((o) => ({ name: o.name, value: folded.values.get(o.name) })),
    {
      name,
      description: `Imported from ONNX (${nameText(model.producer) || 'unknown producer'}, opset ${model.opset}).`,
    },
  )
  const parsed = parseDocument(built.doc)
  if (!parsed.ok)
    throw new Error(`The imported document does not validate: ${nameText(parsed.errors.join('; '), 400)}`)
  const issues = Object.values(inferShapes(parsed.doc).issues)
  if (issues.length > 0)
    throw new Error(
      `The imported document's shapes do not check: ${nameText(issues.map((i) => `${i.node}: ${i.message}`).join('; '), 400)}`,
    )
  return { doc: parsed.doc, weights: { params: built.params, buffers: built.buffers } }
}
