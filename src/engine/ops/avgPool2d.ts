import { ShapeError } from '../ir/shape'
import { defineOp } from './opDef'
import { type AvgPool2dAttrs, poolType } from './poolGeometry'

const NO_DILATION = [1, 1] as const

/**
 * PyTorch's avg_pool2d divisor of each output pixel: divisor_override if set, else the window
 * clipped to the padded input (count_include_pad) or to the input itself; row-major [OH, OW].
 */
export function avgPoolDivisors(
  h: number,
  w: number,
  oh: number,
  ow: number,
  attrs: AvgPool2dAttrs,
): Float32Array {
  const out = new Float32Array(oh * ow)
  if (attrs.divisorOverride !== null) return out.fill(attrs.divisorOverride)
  const [kh, kw] = attrs.kernel
  const [sh, sw] = attrs.stride
  const [ph, pw] = attrs.padding
  for (let y = 0; y < oh; y++) {
    let y0 = y * sh - ph
    let y1 = Math.min(y0 + kh, h + ph)
    const padded = y1 - y0
    y0 = Math.max(y0, 0)
    y1 = Math.min(y1, h)
    for (let x = 0; x < ow; x++) {
      let x0 = x * sw - pw
      let x1 = Math.min(x0 + kw, w + pw)
      const paddedW = x1 - x0
      x0 = Math.max(x0, 0)
      x1 = Math.min(x1, w)
      out[y * ow + x] = attrs.countIncludePad ? padded * paddedW : (y1 - y0) * (x1 - x0)
    }
  }
  return out
}

/**
 * torch.nn.functional.avg_pool2d (kernel, stride, padding, ceil_mode, count_include_pad,
 * divisor_override) on [N, C, H, W]. Its gradient spreads dy / divisor over each window: a transposed depthwise
 * convolution with a kernel of ones, cropped to the input (ceil mode can overhang it).
 */
export const avgPool2d = defineOp<AvgPool2dAttrs>({
  name: 'avgPool2d',
  arity: 1,
  inferType([x], attrs) {
    const d = attrs.divisorOverride
    if (d !== null && (!Number.isInteger(d) || d === 0))
      throw new ShapeError(`avgPool2d: divisor_override must be a non-zero integer, got ${d}.`)
    return { shape: poolType('avgPool2d', x!, { ...attrs, dilation: NO_DILATION }), dtype: 'f32' }
  },
  vjp(b, { inputs: [x], gradOutput: dy, attrs }) {
    const [n, c, h, w] = x!.shape as [number, number, number, number]
    const [oh, ow] = [dy.shape[2]!, dy.shape[3]!]
    const [kh, kw] = attrs.kernel
    const [sh, sw] = attrs.stride
    const [ph, pw] = attrs.padding
    const scaled = b.div(dy, b.constant(avgPoolDivisors(h, w, oh, ow, attrs), [oh, ow]))
    // full transposed-conv extent; in floor mode it falls short of H by less than a stride
    const fullH = (oh - 1) * sh - 2 * ph + kh
    const fullW = (ow - 1) * sw - 2 * pw + kw
    const spread = b.convTranspose2d(scaled, b.full([c, 1, kh, kw], 1), {
      stride: attrs.stride,
      padding: attrs.padding,
      dilation: NO_DILATION,
      groups: c,
      output_padding: [Math.max(0, h - fullH), Math.max(0, w - fullW)],
    })
    const fits = spread.shape[2] === h && spread.shape[3] === w
    return [fits ? spread : b.slice(spread, [0, 0, 0, 0], [n, c, h, w])]
  },
  cpu([x], attrs, out) {
    const [n, c, h, w] = x!.shape as [number, number, number, number]
    const [, , oh, ow] = out.shape as [number, number, number, number]
    const divisors = avgPoolDivisors(h, w, oh, ow, attrs)
    const [kh, kw] = attrs.kernel
    const [sh, sw] = attrs.stride
    const [ph, pw] = attrs.padding
    const xd = x!.data
    const o = out.data
    for (let plane = 0; plane < n * c; plane++) {
      const base = plane * h * w
      for (let y = 0; y < oh; y++) {
        const y0 = Math.max(y * sh - ph, 0)
        const y1 = Math.min(y * sh - ph + kh, h)
        for (let xo = 0; xo < ow; xo++) {
          const x0 = Math.max(xo * sw - pw, 0)
          const x1 = Math.min(xo * sw - pw + kw, w)
          let acc = 0
          for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) acc += xd[base + iy * w + ix]!
          o[(plane * oh + y) * ow + xo] = acc / divisors[y * ow + xo]!
        }
      }
    }
  },
})
