import { convFlops, convOnnx, convParamCount, convParamSpecs, convShape } from '../rules/conv'
import { perSample } from '../rules/dims'
import { defineLayer } from '../types'

/** torch.nn.Conv2d: 2-D cross-correlation over `[N, C, H, W]`. */
export const conv2d = defineLayer({
  type: 'conv2d',
  label: 'Conv2d',
  category: 'convolution',
  doc: '2-D convolution over [N, C_in, H, W] -> [N, C_out, H_out, W_out].',
  torch: 'torch.nn.Conv2d',
  params: convParamSpecs(2),
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params }) => convShape(x, params, 2, 'Conv2d', '[N, C, H, W]'),
  paramCount: ({ params }) => convParamCount(params, 2),
  flops: ({ outputs: [out], params }) => convFlops(params, 2, perSample(out!)),
  onnx: convOnnx(2),
})
