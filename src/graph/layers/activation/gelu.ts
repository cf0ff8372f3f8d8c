import { onnxInput } from '../../onnx/mapping'
import { choice } from '../params'
import { perSample } from '../rules/dims'
import { notConnected } from '../rules/issues'
import { defineLayer, ok } from '../types'

/** torch.nn.GELU: x·Φ(x), exact (erf) or with the tanh approximation. */
export const gelu = defineLayer({
  type: 'gelu',
  label: 'GELU',
  category: 'activation',
  doc: 'Gaussian error linear unit: x·Φ(x), elementwise.',
  torch: 'torch.nn.GELU',
  params: {
    approximate: choice({
      default: 'none',
      options: ['none', 'tanh'],
      doc: "'none' for the exact erf form, 'tanh' for the tanh approximation.",
    }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x] }) => (x ? ok(x) : notConnected('x')),
  paramCount: () => 0,
  flops: ({ inputs: [x] }) => 8 * perSample(x!),
  // opset 17 has no Gelu op: x/2·(1 + erf(x/√2)), or the tanh form, spelled out
  onnx: {
    emit: ({ b, params, inputs }) => {
      const x = onnxInput(inputs, 0, 'x').name
      const c = (v: number) => b.floats([v], [])
      const half = b.node('Mul', [x, c(0.5)])
      const inner =
        params.approximate === 'tanh'
          ? b.node('Tanh', [
              b.node('Mul', [
                b.node('Add', [x, b.node('Mul', [b.node('Mul', [b.node('Mul', [x, x]), x]), c(0.044715)])]),
                c(Math.sqrt(2 / Math.PI)),
              ]),
            ])
          : b.node('Erf', [b.node('Mul', [x, c(Math.SQRT1_2)])])
      return b.node('Mul', [half, b.node('Add', [inner, c(1)])])
    },
  },
})
