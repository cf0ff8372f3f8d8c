import { fanInBias, type IntPair, kaimingUniform, type Value } from '../../../engine'
import { conv1d } from '../../layers/convolution/conv1d'
import { conv2d } from '../../layers/convolution/conv2d'
import { convTranspose2d } from '../../layers/convolution/convTranspose2d'
import { expandTuple } from '../../layers/params'
import type { NodeContext } from '../lowerContext'
import { defineLowering, need } from '../lowering'

/** An int-or-tuple param as the builder's (H, W) pair. */
export function pairOf(v: number | number[]): IntPair {
  const [a, b] = expandTuple(v, 2)
  return [a!, b ?? a!]
}

/** A bias [C] added over dim 1 of a channels-first tensor of `rank` dims. */
function addChannelBias(ctx: NodeContext, y: Value, bias: Value): Value {
  return ctx.g.add(
    y,
    ctx.g.reshape(bias, [bias.shape[0]!, ...Array.from({ length: y.shape.length - 2 }, () => 1)]),
  )
}

/**
 * nn.Conv2d: weight [out, in/groups, kH, kW] and bias [out], both U(±1/sqrt(fan_in)) as
 * PyTorch's reset_parameters draws them.
 */
export const lowerConv2d = defineLowering(conv2d, ({ ctx, g, params: p, inputs }) => {
  const x = need(inputs, 0, 'x')
  const [kh, kw] = expandTuple(p.kernel_size, 2)
  const shape = [p.out_channels, p.in_channels / p.groups, kh!, kw ?? kh!]
  const w = ctx.param('weight', shape, kaimingUniform(shape))
  const y = g.conv2d(x, w, {
    stride: pairOf(p.stride),
    padding: pairOf(p.padding),
    dilation: pairOf(p.dilation),
    groups: p.groups,
  })
  return p.bias ? addChannelBias(ctx, y, ctx.param('bias', [p.out_channels], fanInBias(shape))) : y
})

/** nn.Conv1d as a conv2d over [N, C, 1, L] with a [out, in/groups, 1, k] view of the weight. */
export const lowerConv1d = defineLowering(conv1d, ({ ctx, g, params: p, inputs }) => {
  const x = need(inputs, 0, 'x')
  const [k] = expandTuple(p.kernel_size, 1)
  const shape = [p.out_channels, p.in_channels / p.groups, k!]
  const w = ctx.param('weight', shape, kaimingUniform(shape))
  const one = (v: number | number[]): [number, number] => [1, expandTuple(v, 1)[0]!]
  const y2 = g.conv2d(g.unsqueeze(x, 2), g.unsqueeze(w, 2), {
    stride: one(p.stride),
    padding: [0, expandTuple(p.padding, 1)[0]!],
    dilation: one(p.dilation),
    groups: p.groups,
  })
  const y = g.squeeze(y2, 2)
  return p.bias ? addChannelBias(ctx, y, ctx.param('bias', [p.out_channels], fanInBias(shape))) : y
})

/**
 * nn.ConvTranspose2d: weight [in, out/groups, kH, kW]; PyTorch computes its fan_in from dim 1
 * (out/groups · kH · kW), and so does this.
 */
export const lowerConvTranspose2d = defineLowering(convTranspose2d, ({ ctx, g, params: p, inputs }) => {
  const x = need(inputs, 0, 'x')
  const [kh, kw] = expandTuple(p.kernel_size, 2)
  const shape = [p.in_channels, p.out_channels / p.groups, kh!, kw ?? kh!]
  const w = ctx.param('weight', shape, kaimingUniform(shape))
  const y = g.convTranspose2d(x, w, {
    stride: pairOf(p.stride),
    padding: pairOf(p.padding),
    dilation: pairOf(p.dilation),
    output_padding: pairOf(p.output_padding),
    groups: p.groups,
  })
  return p.bias ? addChannelBias(ctx, y, ctx.param('bias', [p.out_channels], fanInBias(shape))) : y
})
