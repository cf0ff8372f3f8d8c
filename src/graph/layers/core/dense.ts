import { linearOnnx, onnxInput } from '../../onnx/mapping'
import { formatShape, numericSize } from '../../shapes/shape'
import { bool, int } from '../params'
import { notConnected, wrongRank } from '../rules/issues'
import { defineLayer, fail, ok } from '../types'

/** torch.nn.Linear: y = x W^T + b over the last dimension. */
export const dense = defineLayer({
  type: 'dense',
  label: 'Dense (Linear)',
  category: 'core',
  doc: 'Fully connected layer over the last dimension: y = x·Wᵀ + b.',
  torch: 'torch.nn.Linear',
  params: {
    in_features: int({
      default: 1,
      min: 1,
      required: true,
      inferredFromInput: true,
      doc: 'Size of the last dimension of the input.',
    }),
    out_features: int({
      default: 1,
      min: 1,
      required: true,
      doc: 'Size of the last dimension of the output.',
    }),
    bias: bool({ default: true, doc: 'Learn an additive bias.' }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params }) => {
    if (!x) return notConnected('x')
    if (x.length < 2) return wrongRank('x', 'Dense', '[N, in_features]', x)
    if (x.length > 3)
      return fail({
        port: 'x',
        message: `Dense expects [N, in_features] (or [N, T, in_features]) but got a ${x.length}-D tensor.`,
        expected: '[N, in_features]',
        actual: formatShape(x),
        fix: { kind: 'insertLayer', layer: 'flatten', label: 'insert Flatten' },
      })
    const last = x[x.length - 1]
    if (typeof last === 'number' && last !== params.in_features)
      return fail({
        port: 'x',
        message: `in_features is ${params.in_features} but the input has ${last} features.`,
        expected: `[..., ${params.in_features}]`,
        actual: formatShape(x),
        fix: { kind: 'setParam', param: 'in_features', value: last, label: `set in_features to ${last}` },
      })
    return ok([...x.slice(0, -1), params.out_features])
  },
  paramCount: ({ params }) =>
    params.in_features * params.out_features + (params.bias ? params.out_features : 0),
  flops: ({ inputs: [x], params }) =>
    2 * numericSize(x!.slice(1, -1)) * params.in_features * params.out_features,
  onnx: {
    emit: ({ b, params: p, inputs }) =>
      linearOnnx(
        b,
        onnxInput(inputs, 0, 'x'),
        b.param('weight', [p.out_features, p.in_features]),
        p.bias ? b.param('bias', [p.out_features]) : undefined,
      ),
  },
})
