import type { HostArray } from '../../engine/io/hostArray'
import type { Bundle } from './readBundle'

/** The ONNX feed for a bundle's samples: the input's name, its element type, shape and data. */
export interface SampleFeed {
  readonly name: string
  readonly type: 'float32' | 'int64'
  readonly dims: readonly number[]
  readonly data: Float32Array | BigInt64Array
}

/**
 * samples.npy as an ONNX runtime feed (onnxruntime-node or -web build their Tensor from it):
 * float32 stays float32, integer ids become int64 as the exported graph takes them.
 */
export function sampleFeeds(bundle: Pick<Bundle, 'manifest' | 'samples'>): SampleFeed {
  const s = bundle.samples
  const name = bundle.manifest.samples.input
  if (s.dtype === 'int64') return { name, type: 'int64', dims: s.shape, data: s.data }
  if (s.dtype === 'int32' || s.dtype === 'uint8')
    return { name, type: 'int64', dims: s.shape, data: BigInt64Array.from(s.data, (v) => BigInt(v)) }
  return { name, type: 'float32', dims: s.shape, data: Float32Array.from(s.data) }
}

/** How a runtime's output compares with expected.npy. */
export interface OutputComparison {
  readonly ok: boolean
  /** Largest absolute difference (Infinity for a NaN on one side only or a shape mismatch). */
  readonly worst: number
  readonly tolerance: number
  /** Why it failed, in one line (absent when ok). */
  readonly reason?: string
}

/**
 * Compares a runtime's output (`dims`, `data`) with the expected array, elementwise, within
 * `tolerance` (absolute; default 1e-4, the acceptance bound for ONNX vs Triad).
 */
export function compareOutputs(
  expected: HostArray,
  actual: { readonly dims: readonly number[]; readonly data: ArrayLike<number> },
  tolerance = 1e-4,
): OutputComparison {
  if (actual.dims.join() !== expected.shape.join())
    return {
      ok: false,
      worst: Number.POSITIVE_INFINITY,
      tolerance,
      reason: `the output has shape [${actual.dims.join(', ')}], expected.npy [${expected.shape.join(', ')}]`,
    }
  let worst = 0
  let at = -1
  for (let i = 0; i < actual.data.length; i++) {
    const want = Number(expected.data[i]!)
    const got = Number(actual.data[i]!)
    const d = Number.isNaN(want) && Number.isNaN(got) ? 0 : Math.abs(got - want)
    const diff = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d
    if (diff > worst) {
      worst = diff
      at = i
    }
  }
  if (worst <= tolerance) return { ok: true, worst, tolerance }
  return {
    ok: false,
    worst,
    tolerance,
    reason: `element ${at} differs by ${worst.toPrecision(3)} (> ${tolerance}): expected ${Number(expected.data[at]!)}, got ${Number(actual.data[at]!)}`,
  }
}
