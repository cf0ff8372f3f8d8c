import { bool, intOrTuple, optionalInt } from '../params'
import { perSample } from '../rules/dims'
import { pool2dShape, poolTaps } from '../rules/pool'
import { defineLayer } from '../types'

/** torch.nn.AvgPool2d: the mean of each window over `[N, C, H, W]`. */
export const avgPool2d = defineLayer({
  type: 'avgPool2d',
  label: 'AvgPool2d',
  category: 'pooling',
  doc: '2-D average pooling over [N, C, H, W]; stride defaults to kernel_size.',
  torch: 'torch.nn.AvgPool2d',
  params: {
    kernel_size: intOrTuple({
      default: 2,
      length: 2,
      min: 1,
      required: true,
      doc: 'Window size: k or (kH, kW).',
    }),
    stride: optionalInt({
      default: null,
      min: 1,
      doc: 'Step between windows; null (None) means kernel_size. Tuple strides are not supported.',
    }),
    padding: intOrTuple({
      default: 0,
      length: 2,
      min: 0,
      doc: 'Implicit zero padding on each side; at most half the kernel.',
    }),
    ceil_mode: bool({ default: false, doc: 'Round the output size up instead of down.' }),
    count_include_pad: bool({ default: true, doc: 'Count the zero padding in the averaging divisor.' }),
    divisor_override: optionalInt({
      default: null,
      min: 1,
      doc: 'Divide by this instead of the window size; null (None) uses the window size.',
    }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params }) => pool2dShape(x, params, 'AvgPool2d'),
  paramCount: () => 0,
  flops: ({ outputs: [out], params }) => perSample(out!) * (poolTaps(params.kernel_size) + 1),
})
