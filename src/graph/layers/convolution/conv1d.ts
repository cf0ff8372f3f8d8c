import { convFlops, convOnnx, convParamCount, convParamSpecs, convShape } from '../rules/conv'
import { perSample } from '../rules/dims'
import { defineLayer } from '../types'

/** torch.nn.Conv1d: 1-D cross-correlation over `[N, C, L]`. */
export const conv1d = defineLayer({
  type: 'conv1d',
  label: 'Conv1d',
  category: 'convolution',
  doc: '1-D convolution over [N, C_in, L] -> [N, C_out, L_out].',
  torch: 'torch.nn.Conv1d',
  params: convParamSpecs(1),
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params }) => convShape(x, params, 1, 'Conv1d', '[N, C, L]'),
  paramCount: ({ params }) => convParamCount(params, 1),
  flops: ({ outputs: [out], params }) => convFlops(params, 1, perSample(out!)),
  onnx: convOnnx(1),
})
