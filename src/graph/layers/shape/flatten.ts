import { onnxInput, reshapeTarget } from '../../onnx/mapping'
import { type Dim, formatShape } from '../../shapes/shape'
import { int } from '../params'
import { normalizeDim, productDim } from '../rules/dims'
import { okLike } from '../rules/dtype'
import { notConnected } from '../rules/issues'
import { defineLayer, fail } from '../types'

/** torch.nn.Flatten: merges dims start_dim..end_dim into one (by default all but the batch). */
export const flatten = defineLayer({
  type: 'flatten',
  label: 'Flatten',
  category: 'shape',
  doc: 'Merges dims start_dim..end_dim into one: [N, C, H, W] -> [N, C·H·W] by default.',
  torch: 'torch.nn.Flatten',
  params: {
    start_dim: int({ default: 1, doc: 'First dim to flatten (negative counts from the end).' }),
    end_dim: int({ default: -1, doc: 'Last dim to flatten, inclusive (negative counts from the end).' }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params, dtypes }) => {
    if (!x) return notConnected('x')
    const start = normalizeDim(params.start_dim, x.length)
    const end = normalizeDim(params.end_dim, x.length)
    if (start === undefined || end === undefined || start > end)
      return fail({
        port: 'x',
        message: `Cannot flatten dims ${params.start_dim}..${params.end_dim} of a ${x.length}-D input ${formatShape(x)}.`,
        expected: `start_dim <= end_dim within [-${x.length}, ${x.length - 1}]`,
        actual: formatShape(x),
        fix: { kind: 'setParam', param: 'start_dim', value: 1, label: 'set start_dim to 1' },
      })
    const merged: Dim = productDim(x.slice(start, end + 1))
    return okLike(dtypes?.[0], [...x.slice(0, start), merged, ...x.slice(end + 1)])
  },
  paramCount: () => 0,
  flops: () => 0,
  onnx: {
    emit: ({ b, inputs, outputs: [out] }) =>
      b.node('Reshape', [onnxInput(inputs, 0, 'x').name, b.ints(reshapeTarget(out!))]),
  },
})
