import { bool, float, int } from '../params'
import { recurrentFlops, recurrentParamCount, recurrentShape } from '../rules/recurrent'
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
  },
  inputs: [{ name: 'x' }],
  outputs: [
    { name: 'out', doc: 'Output sequence [N, T, D·hidden_size]; h_n (one direction) is out[:, -1].' },
  ],
  inferShape: ({ inputs: [x], params }) => recurrentShape(x, params, 'GRU'),
  paramCount: ({ params }) => recurrentParamCount(params, 3),
  flops: ({ inputs: [x], params }) => recurrentFlops(params, 3, x!),
})
