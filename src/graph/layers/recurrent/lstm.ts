import { bool, float, int } from '../params'
import { recurrentFlops, recurrentParamCount, recurrentShape } from '../rules/recurrent'
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
    input_size: int({
      default: 1,
      min: 1,
      required: true,
      inferredFromInput: true,
      doc: 'Features per time step (last input dim).',
    }),
    hidden_size: int({ default: 1, min: 1, required: true, doc: 'Features of the hidden state h.' }),
    num_layers: int({ default: 1, min: 1, doc: 'Stacked recurrent layers.' }),
    bias: bool({ default: true, doc: 'Learn the biases b_ih and b_hh.' }),
    dropout: float({ default: 0, min: 0, max: 1, doc: 'Dropout on the outputs of each layer but the last.' }),
    bidirectional: bool({ default: false, doc: 'Also run backwards in time; doubles the output features.' }),
    proj_size: int({ default: 0, min: 0, doc: 'Project h to this size (0: no projection); < hidden_size.' }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out', doc: 'Output sequence [N, T, D·H_out]; h_n (one direction) is out[:, -1].' }],
  inferShape: ({ inputs: [x], params }) => recurrentShape(x, params, 'LSTM'),
  paramCount: ({ params }) => recurrentParamCount(params, 4),
  flops: ({ inputs: [x], params }) => recurrentFlops(params, 4, x!),
})
