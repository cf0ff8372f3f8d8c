import * as ort from 'onnxruntime-node'
import { compileInference, initTensors, Rng, type TensorMap } from '../../engine'
import type { ModelDocument } from '../document/schema'
import { lowerDocument } from '../lower/lowerDocument'
import { exportOnnx, type OnnxExportOptions } from './exportOnnx'

/**
 * Test support: export a document with seeded weights, run the ONNX model in onnxruntime-node
 * and the document's eval-mode lowering on Triad's CPU reference on the same random batch, and
 * report the largest difference per output. Node only (onnxruntime-node).
 */

/** A document's seeded weights: PyTorch-style initial parameters and random (valid) buffers. */
export interface SeededWeights {
  params: TensorMap
  buffers: TensorMap
}

/** Outcome of one comparison: the worst absolute difference per output, and the ONNX bytes. */
export interface OnnxComparison {
  readonly worst: Readonly<Record<string, number>>
  readonly bytes: Uint8Array
  /** The largest magnitude in each Triad output (to tell a real check from all-zero outputs). */
  readonly scale: Readonly<Record<string, number>>
}

/**
 * Exports `doc` and compares onnxruntime with Triad's CPU eval graph on a random batch of
 * `batch` samples (int inputs drawn below `intBound`). Buffers are randomized (running
 * variances positive) so BatchNorm's running statistics are really exercised.
 */
export async function compareWithOnnxRuntime(
  doc: ModelDocument,
  options: { seed?: number; batch?: number; intBound?: number; export?: OnnxExportOptions } = {},
): Promise<OnnxComparison> {
  const seed = options.seed ?? 0
  const batch = options.batch ?? 2
  const model = lowerDocument(doc, { batch, training: false })
  const rng = new Rng(seed + 1)
  const buffers: TensorMap = {}
  for (const b of model.buffers) {
    const n = b.shape.reduce((a, d) => a * d, 1)
    const variance = b.name.endsWith('running_var')
    buffers[b.name] = Float32Array.from({ length: n }, () =>
      variance ? 0.5 + rng.uniform() : rng.uniform() * 2 - 1,
    )
  }
  const weights: SeededWeights = { params: initTensors(model.params, seed), buffers }
  const bytes = exportOnnx(doc, weights, options.export)
  const triadFeeds: Record<string, Float32Array | Int32Array> = {}
  const ortFeeds: Record<string, ort.Tensor> = {}
  for (const input of model.inputs) {
    const shape = [...input.value.shape]
    const n = shape.reduce((a, d) => a * d, 1)
    if (input.value.dtype === 'i32') {
      const ids = Int32Array.from({ length: n }, () => rng.int(options.intBound ?? 2))
      triadFeeds[input.name] = ids
      ortFeeds[input.name] = new ort.Tensor(
        'int64',
        BigInt64Array.from(ids, (v) => BigInt(v)),
        shape,
      )
    } else {
      const x = Float32Array.from({ length: n }, () => rng.normal())
      triadFeeds[input.name] = x
      ortFeeds[input.name] = new ort.Tensor('float32', x, shape)
    }
  }
  const expected = compileInference(model, model.outputs).run(weights, triadFeeds)
  const session = await ort.InferenceSession.create(bytes)
  const actual = await session.run(ortFeeds)
  const worst: Record<string, number> = {}
  const scale: Record<string, number> = {}
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name]
    if (!got) throw new Error(`onnxruntime gave no output ${name}.`)
    if (got.dims.join() !== want.shape.join())
      throw new Error(`output ${name}: onnxruntime shape [${got.dims}] but Triad [${want.shape}].`)
    const data = got.data as Float32Array
    let w = 0
    let s = 0
    for (let i = 0; i < want.data.length; i++) {
      const d = Math.abs(Number(data[i]) - want.data[i]!)
      w = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(w, d)
      s = Math.max(s, Math.abs(want.data[i]!))
    }
    worst[name] = w
    scale[name] = s
  }
  return { worst, bytes, scale }
}

export { singleLayerDoc, type TestInput } from '../testing/singleLayerCases'
