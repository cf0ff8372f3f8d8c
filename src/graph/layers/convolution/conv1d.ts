import { bool, int, intOrTuple } from '../params'
import { convFlops, convParamCount, convShape } from '../rules/conv'
import { perSample } from '../rules/dims'
import { defineLayer } from '../types'

/** torch.nn.Conv1d: 1-D cross-correlation over `[N, C, L]`. */
export const conv1d = defineLayer({
  type: 'conv1d',
  label: 'Conv1d',
  category: 'convolution',
  doc: '1-D convolution over [N, C_in, L] -> [N, C_out, L_out].',
  torch: 'torch.nn.Conv1d',
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
      length: 1,
      min: 1,
      required: true,
      doc: 'Window size: k or (k,).',
    }),
    stride: intOrTuple({ default: 1, length: 1, min: 1, doc: 'Step between windows: s or (s,).' }),
    padding: intOrTuple({ default: 0, length: 1, min: 0, doc: 'Zeros added on each side: p or (p,).' }),
    dilation: intOrTuple({ default: 1, length: 1, min: 1, doc: 'Spacing between kernel taps.' }),
    groups: int({ default: 1, min: 1, doc: 'Blocked connections: in/out channels split into groups.' }),
    bias: bool({ default: true, doc: 'Learn an additive bias per output channel.' }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params }) => convShape(x, params, 1, 'Conv1d', '[N, C, L]'),
  paramCount: ({ params }) => convParamCount(params, 1),
  flops: ({ outputs: [out], params }) => convFlops(params, 1, perSample(out!)),
})
