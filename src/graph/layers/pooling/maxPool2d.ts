import { onnxInput } from '../../onnx/mapping'
import { bool, expandTuple, intOrTuple, optionalInt } from '../params'
import { perSample } from '../rules/dims'
import { pool2dShape, poolOnnxAttrs, poolTaps } from '../rules/pool'
import { defineLayer } from '../types'

/** torch.nn.MaxPool2d: the maximum of each window over `[N, C, H, W]`. */
export const maxPool2d = defineLayer({
  type: 'maxPool2d',
  label: 'MaxPool2d',
  category: 'pooling',
  doc: '2-D max pooling over [N, C, H, W]; stride defaults to kernel_size.',
  torch: 'torch.nn.MaxPool2d',
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
      doc: 'Implicit -inf padding on each side; at most half the kernel.',
    }),
    dilation: intOrTuple({ default: 1, length: 2, min: 1, doc: 'Spacing between window taps.' }),
    ceil_mode: bool({ default: false, doc: 'Round the output size up instead of down.' }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params }) => pool2dShape(x, params, 'MaxPool2d'),
  paramCount: () => 0,
  flops: ({ outputs: [out], params }) => perSample(out!) * poolTaps(params.kernel_size),
  onnx: {
    emit: ({ b, params: p, inputs }) =>
      b.node('MaxPool', [onnxInput(inputs, 0, 'x').name], {
        ...poolOnnxAttrs(p),
        dilations: expandTuple(p.dilation, 2),
      }),
  },
})
