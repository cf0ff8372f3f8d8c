import { formatShape, ShapeError } from '../ir/shape'
import {
  type ConvTranspose2dAttrs,
  checkConvOperands,
  conv2dWeightGrad,
  convTransposeOutputSize,
} from './convGeometry'
import { defineOp } from './opDef'

/**
 * torch.nn.functional.conv_transpose2d without bias: input [N, Cin, H, W], weight
 * [Cin, Cout/groups, kH, kW] -> [N, Cout, OH, OW] with OH = (H-1)s - 2p + d(kH-1) + output_padding + 1.
 * It is conv2d's input gradient; its own gradients are conv2d (input) and conv2d's weight gradient
 * with the roles of input and output gradient swapped.
 */
export const convTranspose2d = defineOp<ConvTranspose2dAttrs>({
  name: 'convTranspose2d',
  arity: 2,
  inferType([x, w], attrs) {
    checkConvOperands('convTranspose2d', x!, w!, attrs)
    const [n, c, h, wd] = x!.shape as [number, number, number, number]
    const [ci, og, kh, kw] = w!.shape as [number, number, number, number]
    const { stride: s, padding: p, dilation: d, outputPadding: op, groups: g } = attrs
    if (c % g !== 0)
      throw new ShapeError(`convTranspose2d: ${c} input channels are not divisible by groups=${g}.`)
    if (ci !== c)
      throw new ShapeError(
        `convTranspose2d: weight ${formatShape(w!.shape)} expects ${ci} input channels but the input ${formatShape(x!.shape)} has ${c}.`,
      )
    for (let i = 0; i < 2; i++)
      if (!Number.isInteger(op[i]) || op[i]! < 0 || op[i]! >= Math.max(s[i]!, d[i]!))
        throw new ShapeError(
          `convTranspose2d: output_padding ${op.join('x')} must be smaller than stride or dilation (PyTorch's rule).`,
        )
    const oh = convTransposeOutputSize(h, kh, s[0], p[0], d[0], op[0])
    const ow = convTransposeOutputSize(wd, kw, s[1], p[1], d[1], op[1])
    if (oh < 1 || ow < 1)
      throw new ShapeError(`convTranspose2d: padding ${p.join('x')} leaves an empty output (${oh}x${ow}).`)
    return { shape: [n, og * g, oh, ow], dtype: 'f32' }
  },
  vjp(b, { inputs: [x, w], gradOutput: dy, attrs }) {
    const { stride, padding, dilation, groups } = attrs
    const conv = { stride, padding, dilation, groups }
    let dx = b.conv2d(dy, w!, conv)
    // with output_padding >= stride (allowed when dilation is larger) conv2d sees extra rows: crop them
    if (dx.shape[2] !== x!.shape[2] || dx.shape[3] !== x!.shape[3]) dx = b.slice(dx, [0, 0, 0, 0], x!.shape)
    return [dx, conv2dWeightGrad(b, dy, x!, w!.shape, conv)]
  },
  cpu([x, w], { stride, padding, dilation, groups }, out) {
    const [n, c, h, wd] = x!.shape as [number, number, number, number]
    const [, og, kh, kw] = w!.shape as [number, number, number, number]
    const [, o, oh, ow] = out.shape as [number, number, number, number]
    const [sh, sw] = stride
    const [ph, pw] = padding
    const [dh, dw] = dilation
    const cg = c / groups
    const xd = x!.data
    const wdata = w!.data
    // scatter form: each input pixel adds its weighted kernel into the output; accumulate in f64
    const acc = new Float64Array(out.data.length)
    for (let b = 0; b < n; b++)
      for (let ic = 0; ic < c; ic++) {
        const oc0 = Math.floor(ic / cg) * og
        for (let iy = 0; iy < h; iy++)
          for (let ix = 0; ix < wd; ix++) {
            const v = xd[((b * c + ic) * h + iy) * wd + ix]!
            for (let j = 0; j < og; j++) {
              const oBase = (b * o + oc0 + j) * oh
              const wBase = (ic * og + j) * kh
              for (let ky = 0; ky < kh; ky++) {
                const y = iy * sh - ph + ky * dh
                if (y < 0 || y >= oh) continue
                const oRow = (oBase + y) * ow
                const wRow = (wBase + ky) * kw
                for (let kx = 0; kx < kw; kx++) {
                  const xo = ix * sw - pw + kx * dw
                  if (xo < 0 || xo >= ow) continue
                  acc[oRow + xo]! += v * wdata[wRow + kx]!
                }
              }
            }
          }
      }
    out.data.set(acc)
  },
})
