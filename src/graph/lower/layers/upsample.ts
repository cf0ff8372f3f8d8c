import type { GraphBuilder, Value } from '../../../engine'
import { upsample } from '../../layers/shape/upsample'
import { defineLowering, need } from '../lowering'

/**
 * nn.Upsample as ATen's upsample kernels compute it (aten/src/ATen/native/UpSample.h), one
 * spatial dim at a time (the modes are separable): 'nearest' gathers source indices
 * min(floor(dst · scale), in - 1); the linear modes and 'bicubic' (A = -0.75, clamped taps)
 * multiply by a constant [out, in] interpolation matrix. Scales are computed in float32, as
 * PyTorch does for float tensors, so nearest picks the same pixels.
 */

const f32 = Math.fround

/** PyTorch's `compute_scales_value`: 1/scale_factor when given, else in/out. */
function scaleOf(inSize: number, outSize: number, factor: number | null): number {
  return factor !== null && factor > 0 ? f32(1 / factor) : f32(inSize / outSize)
}

/** PyTorch's `area_pixel_compute_scale`. */
function areaScale(inSize: number, outSize: number, alignCorners: boolean, factor: number | null): number {
  if (alignCorners) return outSize > 1 ? f32((inSize - 1) / (outSize - 1)) : 0
  return scaleOf(inSize, outSize, factor)
}

/** PyTorch's `area_pixel_compute_source_index`. */
function sourceIndex(scale: number, dst: number, alignCorners: boolean, cubic: boolean): number {
  if (alignCorners) return f32(scale * dst)
  // ATen: float scale times double (dst + 0.5), minus 0.5, stored as float
  const src = f32(scale * (dst + 0.5) - 0.5)
  return !cubic && src < 0 ? 0 : src
}

/** Source index of each output position for 'nearest'. */
export function nearestIndices(inSize: number, outSize: number, factor: number | null): Int32Array {
  const out = new Int32Array(outSize)
  const scale = scaleOf(inSize, outSize, factor)
  for (let o = 0; o < outSize; o++)
    out[o] = inSize === outSize ? o : Math.min(Math.floor(f32(o * scale)), inSize - 1)
  return out
}

function cubic1(x: number, a: number): number {
  return ((a + 2) * x - (a + 3)) * x * x + 1
}
function cubic2(x: number, a: number): number {
  return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
}

/** The [out, in] matrix of linear (2 taps) or cubic (4 taps) interpolation along one dim. */
export function interpolationMatrix(
  mode: 'linear' | 'cubic',
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  factor: number | null,
): Float32Array {
  const m = new Float64Array(outSize * inSize)
  const scale = areaScale(inSize, outSize, alignCorners, factor)
  for (let o = 0; o < outSize; o++) {
    const row = o * inSize
    if (mode === 'linear') {
      if (inSize === outSize) {
        m[row + o] = 1
        continue
      }
      const src = sourceIndex(scale, o, alignCorners, false)
      const i0 = Math.trunc(src)
      const i1 = i0 + (i0 < inSize - 1 ? 1 : 0)
      const l1 = Math.min(Math.max(src - i0, 0), 1)
      m[row + i0]! += 1 - l1
      m[row + i1]! += l1
    } else {
      const src = sourceIndex(scale, o, alignCorners, true)
      // ATen's guard_index_and_lambda
      const i = Math.min(Math.floor(src), inSize - 1)
      const t = Math.min(Math.max(src - i, 0), 1)
      const a = -0.75
      const w = [cubic2(t + 1, a), cubic1(t, a), cubic1(1 - t, a), cubic2(2 - t, a)]
      w.forEach((wk, k) => {
        const at = Math.min(Math.max(i - 1 + k, 0), inSize - 1)
        m[row + at]! += wk
      })
    }
  }
  return Float32Array.from(m)
}

/** Applies `fn` to x with `axis` moved last, then moves it back. */
function alongAxis(g: GraphBuilder, x: Value, axis: number, fn: (t: Value) => Value): Value {
  const last = x.shape.length - 1
  return g.transpose(fn(g.transpose(x, axis, last)), axis, last)
}

export const lowerUpsample = defineLowering(upsample, ({ g, params: p, inputs }) => {
  let x = need(inputs, 0, 'x')
  const spatial = x.shape.length - 2
  for (let s = 0; s < spatial; s++) {
    const axis = s + 2
    const inSize = x.shape[axis]!
    const outSize =
      p.size !== null ? p.size[p.size.length === 1 ? 0 : s]! : Math.floor(inSize * (p.scale_factor ?? 1))
    const factor = p.size !== null ? null : p.scale_factor
    if (p.mode === 'nearest') {
      const idx = g.constant(nearestIndices(inSize, outSize, factor), [outSize], 'i32')
      // gather reads rows: bring the axis to the front, pick, put it back
      const front = g.transpose(x, 0, axis)
      x = g.transpose(g.gather(front, idx), 0, axis)
      continue
    }
    const m = interpolationMatrix(
      p.mode === 'bicubic' ? 'cubic' : 'linear',
      inSize,
      outSize,
      p.align_corners,
      factor,
    )
    const mt = g.constant(m, [outSize, inSize])
    x = alongAxis(g, x, axis, (t) => g.matmul(t, g.transpose(mt, 0, 1)))
  }
  return x
})
