import { onnxInput } from '../../onnx/mapping'
import { int } from '../params'
import { perSample } from '../rules/dims'
import { softmaxShape } from '../rules/softmax'
import { defineLayer } from '../types'

/** torch.nn.Softmax: exp(x) / sum(exp(x)) along `dim`. */
export const softmax = defineLayer({
  type: 'softmax',
  label: 'Softmax',
  category: 'activation',
  doc: 'Softmax along dim: exp(x_i) / Σ_j exp(x_j); the outputs along dim sum to 1.',
  torch: 'torch.nn.Softmax',
  params: {
    dim: int({
      default: -1,
      doc: "Dim to normalise over, batch dim counted; -1 (last). PyTorch's implicit None is not offered.",
    }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params }) => softmaxShape(x, params.dim),
  paramCount: () => 0,
  flops: ({ inputs: [x] }) => 5 * perSample(x!),
  onnx: {
    emit: ({ b, params, inputs }) =>
      b.node('Softmax', [onnxInput(inputs, 0, 'x').name], { axis: params.dim }),
  },
})
