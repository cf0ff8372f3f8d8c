import { formatShape, ShapeError } from '../ir/shape'
import type { TensorType } from '../ir/value'
import type { Pair } from './convGeometry'

/** Attributes of max_pool2d (PyTorch's names; padding is implicit -inf). */
export interface MaxPool2dAttrs {
  readonly kernel: Pair
  readonly stride: Pair
  readonly padding: Pair
  readonly dilation: Pair
  readonly ceilMode: boolean
}

/** Attributes of avg_pool2d (padding is implicit zeros; `countIncludePad` counts them in the divisor). */
export interface AvgPool2dAttrs {
  readonly kernel: Pair
  readonly stride: Pair
  readonly padding: Pair
  readonly ceilMode: boolean
  readonly countIncludePad: boolean
  /** When set, every window divides by this instead (PyTorch's divisor_override). */
  readonly divisorOverride: number | null
}

/**
 * PyTorch's pooling_output_shape: floor (or ceil) of (H + 2p - d(k-1) - 1) / s, plus 1; in ceil
 * mode a last window that would start inside the right padding is dropped.
 */
export function poolOutputSize(
  size: number,
  kernel: number,
  stride: number,
  padding: number,
  dilation: number,
  ceilMode: boolean,
): number {
  const span = size + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0)
  let out = Math.floor(span / stride) + 1
  if (ceilMode && (out - 1) * stride >= size + padding) out--
  return out
}

/** Shape rule shared by the 2-D pools: [N, C, H, W] -> [N, C, OH, OW], with PyTorch's checks. */
export function poolType(
  op: string,
  x: TensorType,
  attrs: { kernel: Pair; stride: Pair; padding: Pair; dilation: Pair; ceilMode: boolean },
): [number, number, number, number] {
  if (x.dtype !== 'f32') throw new ShapeError(`${op} needs an f32 input.`)
  if (x.shape.length !== 4)
    throw new ShapeError(`${op} expects input [N, C, H, W] but got ${formatShape(x.shape)}.`)
  const { kernel: k, stride: s, padding: p, dilation: d } = attrs
  if (![...k, ...s, ...d].every((v) => Number.isInteger(v) && v >= 1))
    throw new ShapeError(`${op}: kernel_size, stride and dilation must be positive integers.`)
  for (let i = 0; i < 2; i++)
    if (!Number.isInteger(p[i]) || p[i]! < 0 || p[i]! > k[i]! / 2)
      throw new ShapeError(
        `${op}: padding ${p.join('x')} must be between 0 and half the kernel size ${k.join('x')} (PyTorch's rule).`,
      )
  const [n, c, h, w] = x.shape as [number, number, number, number]
  const oh = poolOutputSize(h, k[0], s[0], p[0], d[0], attrs.ceilMode)
  const ow = poolOutputSize(w, k[1], s[1], p[1], d[1], attrs.ceilMode)
  if (oh < 1 || ow < 1)
    throw new ShapeError(
      `${op}: input ${formatShape(x.shape)} is too small for kernel ${k.join('x')}: output ${oh}x${ow}.`,
    )
  return [n, c, oh, ow]
}

/**
 * Scans every max-pooling window in output order and emits its maximum and the flat index (into
 * the whole input) of the element it came from. Shared by max pooling's values and indices so
 * that both pick the same element.
 */
export function argmaxPool(
  data: ArrayLike<number>,
  inShape: readonly number[],
  outShape: readonly number[],
  attrs: MaxPool2dAttrs,
  emit: (outIndex: number, value: number, flatIndex: number) => void,
): void {
  const [n, c, h, w] = inShape as [number, number, number, number]
  const [, , oh, ow] = outShape as [number, number, number, number]
  const [kh, kw] = attrs.kernel
  const [sh, sw] = attrs.stride
  const [ph, pw] = attrs.padding
  const [dh, dw] = attrs.dilation
  let o = 0
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++) {
        let best = Number.NEGATIVE_INFINITY
        let bestIndex = -1
        for (let i = 0; i < kh; i++) {
          const iy = y * sh - ph + i * dh
          if (iy < 0 || iy >= h) continue
          for (let j = 0; j < kw; j++) {
            const ix = x * sw - pw + j * dw
            if (ix < 0 || ix >= w) continue
            const at = base + iy * w + ix
            const v = data[at]!
            // PyTorch's rule: the first maximum wins, a NaN always takes over (so the last NaN
            // wins); the first in-bounds element stands in when every value is -inf
            if (bestIndex < 0) bestIndex = at
            if (v > best || Number.isNaN(v)) {
              best = v
              bestIndex = at
            }
          }
        }
        emit(o++, best, bestIndex)
      }
  }
}
