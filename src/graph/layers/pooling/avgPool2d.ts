import { onnxInput } from '../../onnx/mapping'
import type { Shape } from '../../shapes/shape'
import { bool, expandTuple, intOrTuple, optionalInt } from '../params'
import { perSample } from '../rules/dims'
import { pool2dShape, poolOnnxAttrs, poolTaps } from '../rules/pool'
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
  onnx: {
    emit: ({ b, params: p, inputs, outputs: [out] }) => {
      const x = onnxInput(inputs, 0, 'x')
      if (p.divisor_override === null)
        return b.node('AveragePool', [x.name], {
          ...poolOnnxAttrs(p),
          count_include_pad: p.count_include_pad ? 1 : 0,
        })
      // ONNX has no divisor_override: window sums by a depthwise Conv with a ones kernel (padded
      // at the end so ceil_mode's last windows exist), divided by the divisor
      const k = expandTuple(p.kernel_size, 2)
      const stride = p.stride === null ? k : [p.stride, p.stride]
      const pad = expandTuple(p.padding, 2)
      const dim = (s: Shape | undefined, i: number) => s?.[i + 2] as number
      const end = [0, 1].map(
        (i) =>
          pad[i]! + Math.max(0, (dim(out, i) - 1) * stride[i]! + k[i]! - (dim(x.shape, i) + 2 * pad[i]!)),
      )
      const c = x.shape[1] as number
      const ones = b.floats(new Float32Array(c * k[0]! * k[1]!).fill(1), [c, 1, ...k])
      const sums = b.node('Conv', [x.name, ones], {
        kernel_shape: k,
        strides: stride,
        pads: [...pad, ...end],
        group: c,
      })
      return b.node('Div', [sums, b.floats([p.divisor_override], [])])
    },
  },
})
