import { onnxInput } from '../../onnx/mapping'
import { int } from '../params'
import { perSample } from '../rules/dims'
import { softmaxShape } from '../rules/softmax'
import { defineLayer } from '../types'

/** torch.nn.LogSoftmax: log(softmax(x)) along `dim`, computed stably. */
export const logSoftmax = defineLayer({
  type: 'logSoftmax',
  label: 'LogSoftmax',
  category: 'activation',
  doc: 'Log of the softmax along dim: x_i - log Σ_j exp(x_j); pairs with NLL loss.',
  torch: 'torch.nn.LogSoftmax',
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
      b.node('LogSoftmax', [onnxInput(inputs, 0, 'x').name], { axis: params.dim }),
  },
})
