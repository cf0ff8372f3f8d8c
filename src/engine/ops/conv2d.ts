import { formatShape, ShapeError } from '../ir/shape'
import {
  type Conv2dAttrs,
  checkConvOperands,
  conv2dWeightGrad,
  convOutputSize,
  convTransposeOutputSize,
} from './convGeometry'
import { defineOp } from './opDef'

/**
 * torch.nn.functional.conv2d without bias (a bias is a broadcast add): input [N, C, H, W],
 * weight [O, C/groups, kH, kW] -> [N, O, OH, OW]. Its input gradient is conv_transpose2d and its
 * weight gradient another conv2d, so second derivatives are graphs too.
 */
export const conv2d = defineOp<Conv2dAttrs>({
  name: 'conv2d',
  arity: 2,
  inferType([x, w], attrs) {
    checkConvOperands('conv2d', x!, w!, attrs)
    const [n, c, h, wd] = x!.shape as [number, number, number, number]
    const [o, cg, kh, kw] = w!.shape as [number, number, number, number]
    const g = attrs.groups
    if (c % g !== 0 || o % g !== 0)
      throw new ShapeError(
        `conv2d: ${c} input and ${o} output channels must both be divisible by groups=${g}.`,
      )
    if (cg !== c / g)
      throw new ShapeError(
        `conv2d: weight ${formatShape(w!.shape)} expects ${cg * g} input channels (groups=${g}) but the input ${formatShape(x!.shape)} has ${c}.`,
      )
    const oh = convOutputSize(h, kh, attrs.stride[0], attrs.padding[0], attrs.dilation[0])
    const ow = convOutputSize(wd, kw, attrs.stride[1], attrs.padding[1], attrs.dilation[1])
    if (oh < 1 || ow < 1)
      throw new ShapeError(
        `conv2d: input ${formatShape(x!.shape)} is smaller than the (dilated) kernel ${kh}x${kw} with padding ${attrs.padding.join('x')}: the output would be ${oh}x${ow}.`,
      )
    return { shape: [n, o, oh, ow], dtype: 'f32' }
  },
  vjp(b, { inputs: [x, w], gradOutput: dy, attrs }) {
    const [, , h, wd] = x!.shape as [number, number, number, number]
    const [, , kh, kw] = w!.shape as [number, number, number, number]
    const [oh, ow] = [dy.shape[2]!, dy.shape[3]!]
    const { stride: s, padding: p, dilation: d } = attrs
    // output_padding that makes the transposed convolution come back to exactly H x W (< stride)
    const output_padding = [
      h - convTransposeOutputSize(oh, kh, s[0], p[0], d[0], 0),
      wd - convTransposeOutputSize(ow, kw, s[1], p[1], d[1], 0),
    ] as const
    const dx = b.convTranspose2d(dy, w!, { ...attrs, output_padding })
    return [dx, conv2dWeightGrad(b, x!, dy, w!.shape, attrs)]
  },
  cpu([x, w], { stride, padding, dilation, groups }, out) {
    const [n, c, h, wd] = x!.shape as [number, number, number, number]
    const [o, cg, kh, kw] = w!.shape as [number, number, number, number]
    const [, , oh, ow] = out.shape as [number, number, number, number]
    const [sh, sw] = stride
    const [ph, pw] = padding
    const [dh, dw] = dilation
    const og = o / groups
    const xd = x!.data
    const wdata = w!.data
    const od = out.data
    for (let b = 0; b < n; b++)
      for (let oc = 0; oc < o; oc++) {
        const ic0 = Math.floor(oc / og) * cg
        for (let y = 0; y < oh; y++)
          for (let xo = 0; xo < ow; xo++) {
            let acc = 0
            for (let i = 0; i < cg; i++) {
              const xBase = (b * c + ic0 + i) * h
              const wBase = (oc * cg + i) * kh
              for (let ky = 0; ky < kh; ky++) {
                const iy = y * sh - ph + ky * dh
                if (iy < 0 || iy >= h) continue
                const xRow = (xBase + iy) * wd
                const wRow = (wBase + ky) * kw
                for (let kx = 0; kx < kw; kx++) {
                  const ix = xo * sw - pw + kx * dw
                  if (ix < 0 || ix >= wd) continue
                  acc += xd[xRow + ix]! * wdata[wRow + kx]!
                }
              }
            }
            od[((b * o + oc) * oh + y) * ow + xo] = acc
          }
      }
  },
})
