import { type Dim, formatShape, type Shape } from '../../shapes/shape'
import { expandTuple, type ParamValue } from '../params'
import { fail, ok, type ShapeResult } from '../types'
import { reshapeFix, windows } from './conv'
import { notConnected, wrongRank } from './issues'
import { windowOut } from './spatial'

/** The params MaxPool2d and AvgPool2d share, resolved (`stride: null` is PyTorch's `None`). */
export interface PoolParams {
  kernel_size: number | number[]
  stride: number | null
  padding: number | number[]
  dilation?: number | number[]
  ceil_mode: boolean
}

/**
 * Shape rule of MaxPool2d/AvgPool2d over `[N, C, H, W]`: PyTorch's checks (padding at most half
 * the kernel size, the raw size, not dilated, as `pool2d_shape_check` does; a non-empty output)
 * and its output formula with `ceil_mode`.
 */
export function pool2dShape(x: Shape | undefined, p: PoolParams, label: string): ShapeResult {
  if (!x) return notConnected('x')
  if (x.length !== 4) return wrongRank('x', label, '[N, C, H, W]', x, reshapeFix(x, 1, 2))
  const ws = windows(2, { ...p, stride: p.stride ?? p.kernel_size })
  const half = ws.map((w) => Math.floor(w.kernel / 2))
  if (ws.some((w, i) => w.padding > (half[i] ?? 0))) {
    const value: ParamValue =
      typeof p.padding === 'number' ? Math.min(...half) : p.padding.map((v, i) => Math.min(v, half[i] ?? 0))
    return fail({
      message: `padding ${JSON.stringify(p.padding)} must be at most half the kernel size ${JSON.stringify(p.kernel_size)}.`,
      expected: `padding <= ${JSON.stringify(half)}`,
      actual: `padding=${JSON.stringify(p.padding)}`,
      fix: { kind: 'setParam', param: 'padding', value, label: `set padding to ${JSON.stringify(value)}` },
    })
  }
  const spatial = ws.map((w, i) => windowOut(x[i + 2] as Dim, w, p.ceil_mode))
  if (spatial.some((d) => typeof d === 'number' && d < 1)) {
    const fit = ws.map((w, i) => {
      const len = x[i + 2]
      return typeof len === 'number' ? Math.max(1, Math.min(w.kernel, len + 2 * w.padding)) : w.kernel
    })
    const value: ParamValue = fit.every((k) => k === fit[0]) ? (fit[0] as number) : fit
    return fail({
      port: 'x',
      message: `Kernel ${JSON.stringify(p.kernel_size)} does not fit the input ${formatShape(x)}: the output would be empty.`,
      expected: 'kernel no larger than the padded input',
      actual: formatShape(x),
      fix: {
        kind: 'setParam',
        param: 'kernel_size',
        value,
        label: `set kernel_size to ${JSON.stringify(value)}`,
      },
    })
  }
  return ok([x[0] as Dim, x[1] as Dim, ...spatial])
}

/** Window taps per output element (`kH * kW`). */
export function poolTaps(kernel: number | number[]): number {
  return typeof kernel === 'number' ? kernel * kernel : kernel.reduce((a, b) => a * b, 1)
}

/** The ONNX attributes MaxPool and AveragePool share, from PyTorch's pool params. */
export function poolOnnxAttrs(p: PoolParams): Record<string, number | number[]> {
  const kernel = expandTuple(p.kernel_size, 2)
  const pad = expandTuple(p.padding, 2)
  return {
    kernel_shape: kernel,
    strides: p.stride === null ? kernel : [p.stride, p.stride],
    pads: [...pad, ...pad],
    ceil_mode: p.ceil_mode ? 1 : 0,
  }
}
