import {
  recurrentFlops,
  recurrentOnnx,
  recurrentParamCount,
  recurrentParamSpecs,
  recurrentShape,
} from '../rules/recurrent'
import { defineLayer } from '../types'

/**
 * torch.nn.GRU with `batch_first=True` (always, in Triad). The single output is the output
 * sequence of the last layer, [N, T, D·hidden_size]; for one direction h_n of the last layer is
 * `out[:, -1]`.
 */
export const gru = defineLayer({
  type: 'gru',
  label: 'GRU',
  category: 'recurrent',
  doc: 'Gated recurrent unit over [N, T, input_size] (batch_first) -> the output sequence [N, T, D·hidden_size].',
  torch: 'torch.nn.GRU(batch_first=True)',
  params: recurrentParamSpecs(),
  inputs: [{ name: 'x' }],
  outputs: [
    { name: 'out', doc: 'Output sequence [N, T, D·hidden_size]; h_n (one direction) is out[:, -1].' },
  ],
  inferShape: ({ inputs: [x], params }) => recurrentShape(x, params, 'GRU'),
  paramCount: ({ params }) => recurrentParamCount(params, 3),
  flops: ({ inputs: [x], params }) => recurrentFlops(params, 3, x!),
  onnx: recurrentOnnx('GRU'),
})
