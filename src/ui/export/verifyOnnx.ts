import mjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url'
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url'
import type { HostArray } from '../../engine/io/hostArray'

/** The check a prod pipeline runs before shipping, as the page ran it. */
export interface OnnxVerification {
  /** Largest |onnxruntime - expected| over every output element. */
  readonly maxError: number
  /** Rows (samples) run, and output elements compared. */
  readonly samples: number
  readonly elements: number
  readonly tolerance: number
  readonly passed: boolean
  /** The input and output names used. */
  readonly input: string
  readonly output: string
}

/** The bound `triad verify` uses: float32 kernels differ in rounding, not more. */
export const VERIFY_TOLERANCE = 1e-4

/**
 * The largest absolute difference of two arrays of the same length; Infinity when a value is
 * NaN on one side only or the lengths differ (a verification must not pass on garbage).
 */
export function maxAbsError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY
  let worst = 0
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!
    const e = expected[i]!
    if (Number.isNaN(a) && Number.isNaN(e)) continue
    const d = Math.abs(a - e)
    if (!(d <= worst)) worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d
  }
  return worst
}

type Ort = typeof import('onnxruntime-web/wasm')
let ortPromise: Promise<Ort> | undefined

/**
 * onnxruntime-web's WebAssembly build, loaded on first use (its own chunk). The .wasm file is an
 * asset Vite bundles from node_modules, so nothing loads from a CDN.
 */
export function loadOrt(): Promise<Ort> {
  ortPromise ??= import('onnxruntime-web/wasm').then((ort) => {
    ort.env.wasm.wasmPaths = { wasm: wasmUrl, mjs: mjsUrl }
    // the page is cross-origin isolated, so the threaded build may use workers; these models are small
    ort.env.wasm.numThreads = Math.min(2, globalThis.navigator?.hardwareConcurrency ?? 1)
    return ort
  })
  return ortPromise
}

function inputTensor(ort: Ort, array: HostArray) {
  const shape = [...array.shape]
  switch (array.dtype) {
    case 'float32':
      return new ort.Tensor('float32', array.data, shape)
    case 'float64':
      return new ort.Tensor('float32', Float32Array.from(array.data), shape)
    case 'int64':
      return new ort.Tensor('int64', array.data, shape)
    case 'int32':
    case 'uint8':
      return new ort.Tensor(
        'int64',
        BigInt64Array.from(array.data, (v) => BigInt(v)),
        shape,
      )
  }
}

function asNumbers(array: HostArray): ArrayLike<number> {
  return array.dtype === 'int64' ? Array.from(array.data, Number) : array.data
}

/**
 * Runs an ONNX model with onnxruntime-web on `samples` and compares its output with `expected`
 * (Triad's own outputs for the same rows). Names default to the model's first input and output.
 */
export async function verifyOnnx(
  onnx: Uint8Array,
  samples: HostArray,
  expected: HostArray,
  names: { input?: string; output?: string } = {},
  tolerance = VERIFY_TOLERANCE,
): Promise<OnnxVerification> {
  const ort = await loadOrt()
  const session = await ort.InferenceSession.create(onnx, { executionProviders: ['wasm'] })
  try {
    const input = names.input ?? session.inputNames[0]
    const output = names.output ?? session.outputNames[0]
    if (!input || !output) throw new Error('The ONNX model has no inputs or no outputs.')
    if (!session.inputNames.includes(input))
      throw new Error(`The ONNX model has no input "${input}" (it has ${session.inputNames.join(', ')}).`)
    if (!session.outputNames.includes(output))
      throw new Error(`The ONNX model has no output "${output}" (it has ${session.outputNames.join(', ')}).`)
    const result = await session.run({ [input]: inputTensor(ort, samples) }, [output])
    const tensor = result[output]
    if (!tensor) throw new Error(`onnxruntime gave no output "${output}".`)
    if (tensor.dims.join() !== expected.shape.join())
      throw new Error(
        `onnxruntime's output has shape [${tensor.dims.join(', ')}], the expected outputs [${expected.shape.join(', ')}].`,
      )
    const maxError = maxAbsError(tensor.data as Float32Array, asNumbers(expected))
    return {
      maxError,
      samples: samples.shape[0] ?? 1,
      elements: tensor.size,
      tolerance,
      passed: maxError <= tolerance,
      input,
      output,
    }
  } finally {
    await session.release()
  }
}
