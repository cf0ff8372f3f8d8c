import { type OnnxMapping, onnxInput } from '../../onnx/mapping'
import { type Dim, formatShape, knownSize, type Shape } from '../../shapes/shape'
import { bool, expandTuple, int, intOrTuple, type ParamValue } from '../params'
import { fail, ok, type ShapeFix, type ShapeResult } from '../types'
import { notConnected, paramMismatch, wrongRank } from './issues'
import { effectiveKernel, type Window, windowOut } from './spatial'

/**
 * The shared shape rule of Conv1d and Conv2d: `[N, C_in, *spatial]` -> `[N, C_out, *spatial']`
 * with PyTorch's output formula per spatial dim, and the checks PyTorch makes (channels,
 * groups, kernel not larger than the padded input).
 */

/** The params Conv1d/Conv2d share, resolved. */
export interface ConvParams {
  in_channels: number
  out_channels: number
  kernel_size: number | number[]
  stride: number | number[]
  padding: number | number[]
  dilation: number | number[]
  groups: number
  bias: boolean
}

/** Per-spatial-dim windows of a conv or pool, from int-or-tuple params. */
export function windows(
  spatial: number,
  p: {
    kernel_size: number | number[]
    stride: number | number[]
    padding: number | number[]
    dilation?: number | number[]
  },
): Window[] {
  const k = expandTuple(p.kernel_size, spatial)
  const s = expandTuple(p.stride, spatial)
  const pad = expandTuple(p.padding, spatial)
  const d = expandTuple(p.dilation ?? 1, spatial)
  return k.map((kernel, i) => ({
    kernel,
    stride: s[i] ?? 1,
    padding: pad[i] ?? 0,
    dilation: d[i] ?? 1,
  }))
}

/** A guess at the Reshape that turns a flat `[N, F]` into `[N, C, ...spatial]` for a conv. */
export function reshapeFix(x: Shape, channels: number, spatial: number): ShapeFix {
  const label = 'insert Reshape'
  const count = knownSize(x.slice(1))
  if (count === undefined || count % channels !== 0) return { kind: 'insertLayer', layer: 'reshape', label }
  const rest = count / channels
  const side = Math.round(rest ** (1 / spatial))
  if (side ** spatial !== rest) return { kind: 'insertLayer', layer: 'reshape', label }
  const shape = [channels, ...Array.from({ length: spatial }, () => side)]
  return {
    kind: 'insertLayer',
    layer: 'reshape',
    params: { shape },
    label: `insert Reshape to ${formatShape(['N', ...shape])}`,
  }
}

/** The padding that makes every window fit: the old value raised where a dim needs more. */
export function paddingFix(padding: number | number[], needed: readonly number[]): ParamValue {
  if (typeof padding === 'number') return Math.max(padding, ...needed)
  return padding.map((p, i) => Math.max(p, needed[i] ?? 0))
}

/** Groups must divide both channel counts, as PyTorch checks at construction. */
export function groupsIssue(
  inChannels: number,
  outChannels: number,
  groups: number,
): ShapeResult | undefined {
  if (inChannels % groups === 0 && outChannels % groups === 0) return undefined
  return fail({
    message: `groups (${groups}) must divide in_channels (${inChannels}) and out_channels (${outChannels}).`,
    expected: `in_channels and out_channels divisible by ${groups}`,
    actual: `in_channels=${inChannels}, out_channels=${outChannels}`,
    fix: { kind: 'setParam', param: 'groups', value: 1, label: 'set groups to 1' },
  })
}

/** Checks shared by every `[N, C, *spatial]` consumer: connected, rank, channel count. */
export function channelsFirst(
  x: Shape | undefined,
  spatial: number,
  label: string,
  layout: string,
  param: string,
  channels: number,
): ShapeResult | undefined {
  if (!x) return notConnected('x')
  if (x.length !== spatial + 2) return wrongRank('x', label, layout, x, reshapeFix(x, channels, spatial))
  const c = x[1]
  if (typeof c === 'number' && c !== channels)
    return paramMismatch('x', param, channels, c, x, layout.replace(/C(_in)?/, String(channels)))
  return undefined
}

/** Shape rule of Conv1d (`spatial` 1) and Conv2d (`spatial` 2). */
export function convShape(
  x: Shape | undefined,
  p: ConvParams,
  spatial: number,
  label: string,
  layout: string,
): ShapeResult {
  const bad = channelsFirst(x, spatial, label, layout, 'in_channels', p.in_channels)
  if (bad || !x) return bad ?? notConnected('x')
  const groups = groupsIssue(p.in_channels, p.out_channels, p.groups)
  if (groups) return groups
  const ws = windows(spatial, p)
  const dims = x.slice(2)
  const needed = ws.map((w, i) => {
    const len = dims[i]
    if (typeof len !== 'number') return w.padding
    return Math.max(w.padding, Math.ceil((effectiveKernel(w) - len) / 2))
  })
  const tooBig = ws.findIndex((w, i) => {
    const len = dims[i]
    return typeof len === 'number' && len + 2 * w.padding < effectiveKernel(w)
  })
  if (tooBig >= 0) {
    const w = ws[tooBig] as Window
    const len = dims[tooBig] as number
    const value = paddingFix(p.padding, needed)
    return fail({
      port: 'x',
      message: `Kernel size ${effectiveKernel(w)} (after dilation) is larger than the padded input size ${len + 2 * w.padding} in spatial dim ${tooBig}.`,
      expected: `spatial size + 2·padding >= ${effectiveKernel(w)}`,
      actual: formatShape(x),
      fix: { kind: 'setParam', param: 'padding', value, label: `set padding to ${JSON.stringify(value)}` },
    })
  }
  const out: Dim[] = [x[0] as Dim, p.out_channels, ...ws.map((w, i) => windowOut(dims[i] as Dim, w))]
  return ok(out)
}

/** Conv weight + bias count: `out * in/groups * prod(kernel) (+ out)`. */
export function convParamCount(p: ConvParams, spatial: number): number {
  const k = expandTuple(p.kernel_size, spatial).reduce((a, b) => a * b, 1)
  return p.out_channels * (p.in_channels / p.groups) * k + (p.bias ? p.out_channels : 0)
}

/** Conv FLOPs per sample: one multiply-add per output element per kernel tap per input channel of its group. */
export function convFlops(p: ConvParams, spatial: number, outPerSample: number): number {
  const k = expandTuple(p.kernel_size, spatial).reduce((a, b) => a * b, 1)
  return 2 * outPerSample * (p.in_channels / p.groups) * k + (p.bias ? outPerSample : 0)
}

/** `(k,)` for 1-D, `(kH, kW)` for 2-D: how a tuple param is written in the docs. */
function tupleDoc(letter: string, spatial: 1 | 2): string {
  return spatial === 1 ? `(${letter},)` : `(${letter}H, ${letter}W)`
}

/**
 * The params Conv1d and Conv2d share, in PyTorch's constructor order, with tuples as long as
 * the number of spatial dims.
 */
export function convParamSpecs(spatial: 1 | 2) {
  return {
    in_channels: int({
      default: 1,
      min: 1,
      required: true,
      inferredFromInput: true,
      doc: 'Channels of the input (dim 1).',
    }),
    out_channels: int({ default: 1, min: 1, required: true, doc: 'Channels produced (filters).' }),
    kernel_size: intOrTuple({
      default: 3,
      length: spatial,
      min: 1,
      required: true,
      doc: `Window size: k or ${tupleDoc('k', spatial)}.`,
    }),
    stride: intOrTuple({
      default: 1,
      length: spatial,
      min: 1,
      doc: `Step between windows: s or ${tupleDoc('s', spatial)}.`,
    }),
    padding: intOrTuple({
      default: 0,
      length: spatial,
      min: 0,
      doc: `Zeros added on each side: p or ${tupleDoc('p', spatial)}.`,
    }),
    dilation: intOrTuple({ default: 1, length: spatial, min: 1, doc: 'Spacing between kernel taps.' }),
    groups: int({ default: 1, min: 1, doc: 'Blocked connections: in/out channels split into groups.' }),
    bias: bool({ default: true, doc: 'Learn an additive bias per output channel.' }),
  }
}

/**
 * The ONNX form of Conv1d/Conv2d: one Conv, PyTorch's weight layout being ONNX's, padding the
 * same on both sides of each spatial dim.
 */
export function convOnnx(spatial: 1 | 2): OnnxMapping<ReturnType<typeof convParamSpecs>> {
  return {
    emit: ({ b, params: p, inputs }) => {
      const kernel = expandTuple(p.kernel_size, spatial)
      const pad = expandTuple(p.padding, spatial)
      const w = b.param('weight', [p.out_channels, p.in_channels / p.groups, ...kernel])
      const x = onnxInput(inputs, 0, 'x').name
      return b.node('Conv', p.bias ? [x, w, b.param('bias', [p.out_channels])] : [x, w], {
        kernel_shape: kernel,
        strides: expandTuple(p.stride, spatial),
        pads: [...pad, ...pad],
        dilations: expandTuple(p.dilation, spatial),
        group: p.groups,
      })
    },
  }
}
