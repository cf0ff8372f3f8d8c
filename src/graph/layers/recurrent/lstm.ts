import { int } from '../params'
import {
  recurrentFlops,
  recurrentOnnx,
  recurrentParamCount,
  recurrentParamSpecs,
  recurrentShape,
} from '../rules/recurrent'
import { defineLayer } from '../types'

/**
 * torch.nn.LSTM with `batch_first=True` (always, in Triad). The single output is the output
 * sequence of the last layer, [N, T, D·H_out]; for one direction h_n of the last layer is
 * `out[:, -1]`.
 */
export const lstm = defineLayer({
  type: 'lstm',
  label: 'LSTM',
  category: 'recurrent',
  doc: 'Long short-term memory over [N, T, input_size] (batch_first) -> the output sequence [N, T, D·hidden_size].',
  torch: 'torch.nn.LSTM(batch_first=True)',
  params: {
    ...recurrentParamSpecs(),
    proj_size: int({ default: 0, min: 0, doc: 'Project h to this size (0: no projection); < hidden_size.' }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out', doc: 'Output sequence [N, T, D·H_out]; h_n (one direction) is out[:, -1].' }],
  inferShape: ({ inputs: [x], params }) => recurrentShape(x, params, 'LSTM'),
  paramCount: ({ params }) => recurrentParamCount(params, 4),
  flops: ({ inputs: [x], params }) => recurrentFlops(params, 4, x!),
  onnx: recurrentOnnx('LSTM'),
})
