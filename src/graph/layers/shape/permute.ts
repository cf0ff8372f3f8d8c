import { onnxInput } from '../../onnx/mapping'
import { formatShape } from '../../shapes/shape'
import { intList } from '../params'
import { okLike } from '../rules/dtype'
import { notConnected } from '../rules/issues'
import { defineLayer, fail } from '../types'

/** `x.permute(*dims)`: reorders all dims, the batch dim included (keep 0 first to keep it in front). */
export const permute = defineLayer({
  type: 'permute',
  label: 'Permute',
  category: 'shape',
  doc: 'Reorders dims: x.permute(*dims); dims count the batch dim, e.g. [0, 2, 1] swaps the last two of [N, T, C].',
  torch: 'torch.Tensor.permute',
  params: {
    dims: intList({
      default: [0, 2, 1],
      required: true,
      doc: 'A permutation of 0..rank-1, batch dim included; the output dim i is input dim dims[i].',
    }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params, dtypes }) => {
    if (!x) return notConnected('x')
    const dims = params.dims ?? []
    const sorted = [...dims].sort((a, b) => a - b)
    if (dims.length !== x.length || sorted.some((d, i) => d !== i))
      return fail({
        port: 'x',
        message: `dims ${formatShape(dims)} is not a permutation of the ${x.length} dims of ${formatShape(x)}.`,
        expected: `a permutation of 0..${x.length - 1}`,
        actual: formatShape(x),
      })
    return okLike(
      dtypes?.[0],
      dims.map((d) => x[d] as string | number),
    )
  },
  paramCount: () => 0,
  flops: () => 0,
  onnx: {
    emit: ({ b, params, inputs }) =>
      b.node('Transpose', [onnxInput(inputs, 0, 'x').name], { perm: params.dims ?? [] }),
  },
})
