import { close } from '../../ops/conformance'
import type { CpuTensor } from '../../ops/opDef'

/** Tolerances of a WebGPU-vs-CPU comparison. */
export interface Tolerance {
  readonly rtol: number
  readonly atol: number
}

/** The suite's default: relative 1e-4, absolute 1e-5 (scaled by the output's magnitude). */
export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-4, atol: 1e-5 }

/** How one tensor compared: agreed or not, the largest difference and the first mismatch. */
export interface TensorComparison {
  readonly ok: boolean
  readonly maxError: number
  readonly mismatch?: string
}

/**
 * Compares a WebGPU tensor with the CPU reference's, element by element, with the conformance
 * suite's rule (`close`: NaN equals NaN, infinities equal by sign) and its scaling of the absolute
 * tolerance by max(1, the largest finite |expected|), as `precisionMismatches` does.
 */
export function compareTensors(actual: CpuTensor, expected: CpuTensor, tol: Tolerance): TensorComparison {
  if (actual.shape.join() !== expected.shape.join() || actual.dtype !== expected.dtype)
    return {
      ok: false,
      maxError: Number.POSITIVE_INFINITY,
      mismatch: `got ${actual.dtype}[${actual.shape.join(', ')}], expected ${expected.dtype}[${expected.shape.join(', ')}]`,
    }
  const a = actual.data
  const e = expected.data
  if (a.length !== e.length)
    return {
      ok: false,
      maxError: Number.POSITIVE_INFINITY,
      mismatch: `${a.length} values, expected ${e.length}`,
    }
  let scale = 1
  for (let i = 0; i < e.length; i++) if (Number.isFinite(e[i]!)) scale = Math.max(scale, Math.abs(e[i]!))
  let maxError = 0
  let mismatch: string | undefined
  for (let i = 0; i < e.length; i++) {
    const x = a[i]!
    const y = e[i]!
    if (Number.isFinite(x) && Number.isFinite(y)) maxError = Math.max(maxError, Math.abs(x - y))
    if (mismatch === undefined && !close(x, y, tol.rtol, tol.atol * scale))
      mismatch = `[${i}]: WebGPU ${x}, CPU ${y}`
  }
  return mismatch === undefined ? { ok: true, maxError } : { ok: false, maxError, mismatch }
}
