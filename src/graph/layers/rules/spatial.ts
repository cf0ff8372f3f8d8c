import type { Dim } from '../../shapes/shape'
import { operand, plus } from './dims'

/**
 * Output-length formulas of PyTorch's sliding windows (Conv, ConvTranspose, MaxPool, AvgPool),
 * exactly as its docs write them, extended to symbolic lengths as readable expressions.
 */

/** One spatial dim of a window: kernel size, stride, padding (each side) and dilation. */
export interface Window {
  kernel: number
  stride: number
  padding: number
  dilation: number
}

/** Span of a dilated kernel: `dilation * (kernel - 1) + 1`. */
export function effectiveKernel(w: Window): number {
  return w.dilation * (w.kernel - 1) + 1
}

/**
 * Conv/pool output length: `floor((L + 2p - d(k-1) - 1) / s) + 1`. With `ceilMode` (pooling) the
 * floor becomes a ceil, and a last window that would start inside the right padding is dropped,
 * as PyTorch's `pooling_output_shape` does.
 */
export function windowOut(length: Dim, w: Window, ceilMode = false): Dim {
  const shift = 2 * w.padding - effectiveKernel(w)
  if (typeof length === 'number') {
    const span = length + shift
    let out = (ceilMode ? Math.ceil(span / w.stride) : Math.floor(span / w.stride)) + 1
    if (ceilMode && (out - 1) * w.stride >= length + w.padding) out -= 1
    return out
  }
  if (w.stride === 1) return plus(length, shift + 1)
  return `${ceilMode ? 'ceil' : 'floor'}(${operand(plus(length, shift))}/${w.stride})+1`
}

/**
 * ConvTranspose output length:
 * `(L - 1) * s - 2p + d(k-1) + output_padding + 1`.
 */
export function transposedOut(length: Dim, w: Window, outputPadding: number): Dim {
  const tail = -2 * w.padding + w.dilation * (w.kernel - 1) + outputPadding + 1
  if (typeof length === 'number') return (length - 1) * w.stride + tail
  if (w.stride === 1) return plus(length, tail - 1)
  return plus(`${operand(plus(length, -1))}*${w.stride}`, tail)
}

/** Upsample output length: `floor(L * scale_factor)`, or `size` when given. */
export function scaledOut(length: Dim, scale: number): Dim {
  if (typeof length === 'number') return Math.floor(length * scale)
  if (scale === 1) return length
  return Number.isInteger(scale) ? `${operand(length)}*${scale}` : `floor(${operand(length)}*${scale})`
}
