import { onnxFloat, onnxInput } from '../../onnx/mapping'
import { formatShape } from '../../shapes/shape'
import { bool, float, intList } from '../params'
import { perSample } from '../rules/dims'
import { notConnected } from '../rules/issues'
import { defineLayer, fail, ok } from '../types'

/** torch.nn.LayerNorm: normalise over the trailing `normalized_shape` dims of each sample. */
export const layerNorm = defineLayer({
  type: 'layerNorm',
  label: 'LayerNorm',
  category: 'normalization',
  doc: 'Layer normalization over the last len(normalized_shape) dims, with a learned scale and shift.',
  torch: 'torch.nn.LayerNorm',
  params: {
    normalized_shape: intList({
      default: [1],
      required: true,
      inferredFromInput: true,
      doc: 'Trailing dims to normalise over, e.g. [512]; set from the last input dim when connected.',
    }),
    eps: float({ default: 1e-5, min: 0, doc: 'Added to the variance for numerical stability.' }),
    elementwise_affine: bool({ default: true, doc: 'Learn a per-element scale (and shift, see bias).' }),
    bias: bool({ default: true, doc: 'Learn the shift too (torch >= 2.1); needs elementwise_affine.' }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params }) => {
    if (!x) return notConnected('x')
    const norm = params.normalized_shape
    if (!norm || norm.length === 0 || norm.some((d) => d < 1))
      return fail({
        message: 'normalized_shape must list at least one positive dim, e.g. [512].',
        actual: JSON.stringify(norm),
      })
    const expected = formatShape(['N', '...', ...norm])
    if (x.length < norm.length + 1)
      return fail({
        port: 'x',
        message: `LayerNorm over ${formatShape(norm)} needs at least ${norm.length + 1} dims but got ${formatShape(x)}.`,
        expected,
        actual: formatShape(x),
      })
    const tail = x.slice(x.length - norm.length)
    if (tail.some((d, i) => typeof d === 'number' && d !== norm[i])) {
      const value = tail.every((d) => typeof d === 'number') ? (tail as number[]) : undefined
      return fail({
        port: 'x',
        message: `normalized_shape is ${formatShape(norm)} but the input ends in ${formatShape(tail)}.`,
        expected,
        actual: formatShape(x),
        ...(value
          ? {
              fix: {
                kind: 'setParam',
                param: 'normalized_shape',
                value,
                label: `set normalized_shape to ${formatShape(value)}`,
              },
            }
          : {}),
      })
    }
    return ok(x)
  },
  paramCount: ({ params }) => {
    if (!params.elementwise_affine) return 0
    const n = (params.normalized_shape ?? []).reduce((a, b) => a * b, 1)
    return params.bias ? 2 * n : n
  },
  flops: ({ inputs: [x] }) => 5 * perSample(x!),
  onnx: {
    emit: ({ b, params: p, inputs }) => {
      const x = onnxInput(inputs, 0, 'x')
      const shape = p.normalized_shape ?? [x.shape[x.shape.length - 1] as number]
      const n = shape.reduce((a, d) => a * d, 1)
      const scale = p.elementwise_affine
        ? b.param('weight', shape)
        : b.floats(new Float32Array(n).fill(1), shape)
      const shift = p.elementwise_affine && p.bias ? [b.param('bias', shape)] : []
      return b.node('LayerNormalization', [x.name, scale, ...shift], {
        axis: -shape.length,
        epsilon: onnxFloat(p.eps),
      })
    },
  },
})
