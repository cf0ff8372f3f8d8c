import { bool, int, intOrTuple } from '../params'
import { convFlops, convParamCount, convShape } from '../rules/conv'
import { perSample } from '../rules/dims'
import { defineLayer } from '../types'

/** torch.nn.Conv2d: 2-D cross-correlation over `[N, C, H, W]`. */
export const conv2d = defineLayer({
  type: 'conv2d',
  label: 'Conv2d',
  category: 'convolution',
  doc: '2-D convolution over [N, C_in, H, W] -> [N, C_out, H_out, W_out].',
  torch: 'torch.nn.Conv2d',
  params: {
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
      length: 2,
      min: 1,
      required: true,
      doc: 'Window size: k or (kH, kW).',
    }),
    stride: intOrTuple({ default: 1, length: 2, min: 1, doc: 'Step between windows: s or (sH, sW).' }),
    padding: intOrTuple({ default: 0, length: 2, min: 0, doc: 'Zeros added on each side: p or (pH, pW).' }),
    dilation: intOrTuple({ default: 1, length: 2, min: 1, doc: 'Spacing between kernel taps.' }),
    groups: int({ default: 1, min: 1, doc: 'Blocked connections: in/out channels split into groups.' }),
    bias: bool({ default: true, doc: 'Learn an additive bias per output channel.' }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params }) => convShape(x, params, 2, 'Conv2d', '[N, C, H, W]'),
  paramCount: ({ params }) => convParamCount(params, 2),
  flops: ({ outputs: [out], params }) => convFlops(params, 2, perSample(out!)),
})
