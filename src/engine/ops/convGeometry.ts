import type { GraphBuilder } from '../ir/builder'
import { formatShape, ShapeError } from '../ir/shape'
import type { TensorType, Value } from '../ir/value'

/** A (height, width) pair, as PyTorch's 2-D ops take them. */
export type Pair = readonly [number, number]

/** Attributes of conv2d (PyTorch's names; padding is symmetric, in pixels). */
export interface Conv2dAttrs {
  readonly stride: Pair
  readonly padding: Pair
  readonly dilation: Pair
  readonly groups: number
}

/** Attributes of conv_transpose2d: conv2d's plus `outputPadding` (extra rows/columns at the end). */
export interface ConvTranspose2dAttrs extends Conv2dAttrs {
  readonly outputPadding: Pair
}

/** Output size of a convolution along one axis: floor((H + 2p - d(k-1) - 1) / s) + 1. */
export function convOutputSize(
  size: number,
  kernel: number,
  stride: number,
  padding: number,
  dilation: number,
): number {
  return Math.floor((size + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1
}

/** Output size of a transposed convolution: (H - 1)s - 2p + d(k-1) + output_padding + 1. */
export function convTransposeOutputSize(
  size: number,
  kernel: number,
  stride: number,
  padding: number,
  dilation: number,
  outputPadding: number,
): number {
  return (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1
}

/** Checks the 4-D, f32 operands and integer attributes every 2-D convolution shares. */
export function checkConvOperands(op: string, x: TensorType, w: TensorType, attrs: Conv2dAttrs): void {
  if (x.dtype !== 'f32' || w.dtype !== 'f32') throw new ShapeError(`${op} needs f32 operands.`)
  if (x.shape.length !== 4)
    throw new ShapeError(`${op} expects input [N, C, H, W] but got ${formatShape(x.shape)}.`)
  if (w.shape.length !== 4)
    throw new ShapeError(`${op} expects a 4-D weight but got ${formatShape(w.shape)}.`)
  const { stride, padding, dilation, groups } = attrs
  const positive = [...stride, ...dilation, groups]
  if (!positive.every((v) => Number.isInteger(v) && v >= 1))
    throw new ShapeError(`${op}: stride, dilation and groups must be positive integers.`)
  if (!padding.every((v) => Number.isInteger(v) && v >= 0))
    throw new ShapeError(`${op}: padding must be non-negative integers.`)
}

/**
 * Gradient of conv2d with respect to its weight, as one more conv2d (so it is a graph of
 * primitives, differentiable again). With input X [N, C, H, W] and output gradient G
 * [N, O, OH, OW]: dW[o, c, i, j] = Σ G[n, o, y, x] · X[n, g(o)·C/g + c, y·s - p + i·d, x·s - p + j·d],
 * which is conv2d(X' = X as [C/g, g·N, H, W], weight G' = G as [O, N, OH, OW], stride d,
 * padding p, dilation s, groups g), cropped to the kernel size and transposed to [O, C/g, kH, kW].
 */
export function conv2dWeightGrad(
  b: GraphBuilder,
  x: Value,
  gradOut: Value,
  weightShape: readonly number[],
  attrs: Conv2dAttrs,
): Value {
  const [n, c, h, w] = x.shape as [number, number, number, number]
  const g = attrs.groups
  const cg = c / g
  const xg = b.reshape(b.permute(b.reshape(x, [n, g, cg, h, w]), [2, 1, 0, 3, 4]), [cg, g * n, h, w])
  const gw = b.permute(gradOut, [1, 0, 2, 3])
  const full = b.conv2d(xg, gw, {
    stride: attrs.dilation,
    padding: attrs.padding,
    dilation: attrs.stride,
    groups: g,
  })
  const [kh, kw] = [weightShape[2]!, weightShape[3]!]
  const cropped =
    full.shape[2] === kh && full.shape[3] === kw
      ? full
      : b.slice(full, [0, 0, 0, 0], [cg, full.shape[1]!, kh, kw])
  return b.permute(cropped, [1, 0, 2, 3])
}
