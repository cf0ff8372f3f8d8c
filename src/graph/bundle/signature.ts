import type { HostArray } from '../../engine/io/hostArray'
import type { Value } from '../../engine/ir/value'
import { Rng } from '../../engine/random/rng'
import type { ModelDocument } from '../document/schema'
import { CompiledModel, type Weights } from '../fit/compiledModel'
import type { LoweredModel } from '../lower/lowerDocument'
import type { TensorSignature } from './manifest'

/** How many sample rows a bundle stores when the caller gives none. */
export const DEFAULT_SAMPLE_COUNT = 4

function tensorSignature(name: string, value: Value): TensorSignature {
  // the probe is lowered at batch 1: its first dimension is the symbolic batch N
  const [, ...rest] = value.shape
  return { name, shape: ['N', ...rest], dtype: value.dtype === 'i32' ? 'int64' : 'float32' }
}

/**
 * The input/output signature of a document from its batch-1 lowering: names, shapes with `'N'`
 * for the batch, and dtypes as ONNX sees them (token ids are int64 there).
 */
export function modelSignature(
  doc: ModelDocument,
  probe: LoweredModel,
): { inputs: TensorSignature[]; outputs: TensorSignature[] } {
  return {
    inputs: probe.inputs.map((i) => tensorSignature(i.name, i.value)),
    outputs: doc.outputs.map((o) => {
      const value = probe.outputs[o.name]
      if (!value) throw new Error(`output "${o.name}" of "${doc.name}" is not in its lowering`)
      return tensorSignature(o.name, value)
    }),
  }
}

/**
 * Seeded sample inputs for a model's (single) input: standard normal floats, or token ids 0 and 1
 * (valid for any embedding). Used when a bundle is written without data to draw rows from.
 */
export function defaultSamples(probe: LoweredModel, count = DEFAULT_SAMPLE_COUNT, seed = 0): HostArray {
  const input = probe.inputs[0]
  if (!input) throw new Error('the model has no input to draw samples for')
  const [, ...rest] = input.value.shape
  const shape = [count, ...rest]
  const n = shape.reduce((a, b) => a * b, 1)
  const rng = Rng.stream(seed, `samples/${input.name}`)
  if (input.value.dtype === 'i32')
    return { dtype: 'int32', shape, data: Int32Array.from({ length: n }, () => rng.int(2)) }
  return { dtype: 'float32', shape, data: rng.normalArray(n) }
}

/**
 * Sample inputs in the form samples.npy stores them: int64 for a token-id input (as the ONNX graph
 * takes them), float32 otherwise. Checks the per-sample shape against the model's input.
 */
export function normalizeSamples(probe: LoweredModel, samples: HostArray): HostArray {
  const input = probe.inputs[0]!
  const want = input.value.shape.slice(1)
  if (samples.shape.slice(1).join() !== want.join())
    throw new Error(
      `samples have shape [${samples.shape.join(', ')}], the model's input '${input.name}' takes [n, ${want.join(', ')}]`,
    )
  const values = Array.from(samples.data as ArrayLike<number | bigint>, Number)
  if (input.value.dtype === 'i32')
    return {
      dtype: 'int64',
      shape: [...samples.shape],
      data: BigInt64Array.from(values, (v) => BigInt(Math.trunc(v))),
    }
  return { dtype: 'float32', shape: [...samples.shape], data: Float32Array.from(values) }
}

/**
 * The model's output `outputName` for `samples` (rows of its single input) from Triad's CPU eval
 * graph (running statistics, no dropout): what `expected.npy` holds and `triad verify` checks the
 * ONNX model against.
 */
export function expectedOutputs(
  doc: ModelDocument,
  probe: LoweredModel,
  weights: Weights,
  samples: HostArray,
  outputName: string,
): HostArray {
  const input = probe.inputs[0]!
  const count = samples.shape[0] ?? 0
  const values = Array.from(samples.data as ArrayLike<number | bigint>, Number)
  const data = input.value.dtype === 'i32' ? Int32Array.from(values) : Float32Array.from(values)
  const out = new CompiledModel(doc, outputName).predict(weights, { [input.name]: data }, count)
  return { dtype: 'float32', shape: [...out.shape], data: Float32Array.from(out.data) }
}
