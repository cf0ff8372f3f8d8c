import { onnxInput } from '../../onnx/mapping'
import { type Dim, formatShape } from '../../shapes/shape'
import { bool, expandTuple, int, intOrTuple } from '../params'
import { channelsFirst, groupsIssue, windows } from '../rules/conv'
import { perSample } from '../rules/dims'
import { notConnected } from '../rules/issues'
import { transposedOut } from '../rules/spatial'
import { defineLayer, fail, ok } from '../types'

/** torch.nn.ConvTranspose2d: the gradient of Conv2d, used to upsample `[N, C, H, W]`. */
export const convTranspose2d = defineLayer({
  type: 'convTranspose2d',
  label: 'ConvTranspose2d',
  category: 'convolution',
  doc: 'Transposed 2-D convolution (learned upsampling): H_out = (H-1)·s - 2p + d(k-1) + output_padding + 1.',
  torch: 'torch.nn.ConvTranspose2d',
  params: {
    in_channels: int({
      default: 1,
      min: 1,
      required: true,
      inferredFromInput: true,
      doc: 'Channels of the input (dim 1).',
    }),
    out_channels: int({ default: 1, min: 1, required: true, doc: 'Channels produced.' }),
    kernel_size: intOrTuple({
      default: 3,
      length: 2,
      min: 1,
      required: true,
      doc: 'Window size: k or (kH, kW).',
    }),
    stride: intOrTuple({ default: 1, length: 2, min: 1, doc: 'Upsampling step: s or (sH, sW).' }),
    padding: intOrTuple({
      default: 0,
      length: 2,
      min: 0,
      doc: 'Implicit zero padding of d(k-1)-p per side: p or (pH, pW); shrinks the output by 2p.',
    }),
    output_padding: intOrTuple({
      default: 0,
      length: 2,
      min: 0,
      doc: 'Extra size added to one side of the output; smaller than stride or dilation.',
    }),
    groups: int({ default: 1, min: 1, doc: 'Blocked connections: in/out channels split into groups.' }),
    bias: bool({ default: true, doc: 'Learn an additive bias per output channel.' }),
    dilation: intOrTuple({ default: 1, length: 2, min: 1, doc: 'Spacing between kernel taps.' }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params }) => {
    const layout = '[N, C, H, W]'
    const bad = channelsFirst(x, 2, 'ConvTranspose2d', layout, 'in_channels', params.in_channels)
    if (bad || !x) return bad ?? notConnected('x')
    const groups = groupsIssue(params.in_channels, params.out_channels, params.groups)
    if (groups) return groups
    const ws = windows(2, params)
    const outPad = expandTuple(params.output_padding, 2)
    const badPad = ws.findIndex((w, i) => {
      const op = outPad[i] ?? 0
      return op >= w.stride && op >= w.dilation
    })
    if (badPad >= 0)
      return fail({
        message: `output_padding (${outPad[badPad]}) must be smaller than either stride (${ws[badPad]?.stride}) or dilation (${ws[badPad]?.dilation}).`,
        expected: 'output_padding < stride or output_padding < dilation',
        actual: `output_padding=${JSON.stringify(params.output_padding)}`,
        fix: { kind: 'setParam', param: 'output_padding', value: 0, label: 'set output_padding to 0' },
      })
    const spatial = ws.map((w, i) => transposedOut(x[i + 2] as Dim, w, outPad[i] ?? 0))
    if (spatial.some((d) => typeof d === 'number' && d < 1))
      return fail({
        port: 'x',
        message: `padding ${JSON.stringify(params.padding)} leaves an empty output ${formatShape([x[0] as Dim, params.out_channels, ...spatial])}.`,
        expected: 'every output size >= 1',
        actual: formatShape(x),
        fix: { kind: 'setParam', param: 'padding', value: 0, label: 'set padding to 0' },
      })
    return ok([x[0] as Dim, params.out_channels, ...spatial])
  },
  // weight: [in_channels, out_channels / groups, kH, kW]
  paramCount: ({ params }) => {
    const k = expandTuple(params.kernel_size, 2).reduce((a, b) => a * b, 1)
    return (
      params.in_channels * (params.out_channels / params.groups) * k + (params.bias ? params.out_channels : 0)
    )
  },
  // every input element scatters into out_channels/groups · kH · kW outputs
  flops: ({ inputs: [x], outputs: [out], params }) => {
    const k = expandTuple(params.kernel_size, 2).reduce((a, b) => a * b, 1)
    return 2 * perSample(x!) * (params.out_channels / params.groups) * k + (params.bias ? perSample(out!) : 0)
  },
  // PyTorch's weight layout [in, out/groups, kH, kW] is ONNX's too
  onnx: {
    emit: ({ b, params: p, inputs }) => {
      const kernel = expandTuple(p.kernel_size, 2)
      const pad = expandTuple(p.padding, 2)
      const w = b.param('weight', [p.in_channels, p.out_channels / p.groups, ...kernel])
      const x = onnxInput(inputs, 0, 'x').name
      return b.node('ConvTranspose', p.bias ? [x, w, b.param('bias', [p.out_channels])] : [x, w], {
        kernel_shape: kernel,
        strides: expandTuple(p.stride, 2),
        pads: [...pad, ...pad],
        dilations: expandTuple(p.dilation, 2),
        output_padding: expandTuple(p.output_padding, 2),
        group: p.groups,
      })
    },
  },
})
