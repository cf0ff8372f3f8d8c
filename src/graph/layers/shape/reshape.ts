import { onnxInput, reshapeTarget } from '../../onnx/mapping'
import { type Dim, formatShape, knownSize, numericSize } from '../../shapes/shape'
import { intList } from '../params'
import { operand, productDim } from '../rules/dims'
import { okLike } from '../rules/dtype'
import { notConnected } from '../rules/issues'
import { defineLayer, fail } from '../types'

/**
 * A shape that fits `count` elements: the first entry of `shape` that, made -1, divides;
 * else `[-1]`.
 */
function fittingShape(shape: readonly number[], count: number): number[] {
  const base = shape.filter((d) => d !== -1)
  for (let i = 0; i < base.length; i++) {
    const rest = base.reduce((n, d, j) => (j === i ? n : n * d), 1)
    if (rest > 0 && count % rest === 0) return base.map((d, j) => (j === i ? -1 : d))
  }
  return [-1]
}

/** `x.reshape(N, *shape)`: the batch dim stays; `shape` covers one sample, one entry may be -1. */
export const reshape = defineLayer({
  type: 'reshape',
  label: 'Reshape',
  category: 'shape',
  doc: 'Views each sample with a new shape (batch dim kept): x.reshape(N, *shape); one entry may be -1.',
  torch: 'torch.Tensor.reshape (batch dim kept)',
  params: {
    shape: intList({
      default: [-1],
      required: true,
      allowMinusOne: true,
      doc: 'New shape of one sample, batch dim excluded; -1 is inferred, e.g. [1, 28, 28].',
    }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params, dtypes }) => {
    if (!x) return notConnected('x')
    const shape = params.shape ?? []
    if (shape.filter((d) => d === -1).length > 1 || shape.includes(0))
      return fail({
        message: `shape ${formatShape(shape)} may hold one -1 and no 0.`,
        actual: formatShape(shape),
      })
    const sample = x.slice(1)
    const count = knownSize(sample)
    const rest = shape.reduce((n, d) => (d === -1 ? n : n * d), 1)
    const fits = shape.includes(-1)
      ? count === undefined || count % rest === 0
      : count === undefined || count === rest
    if (!fits) {
      const value = fittingShape(shape, count as number)
      return fail({
        port: 'x',
        message: `Cannot reshape ${formatShape(x)} (${count} elements per sample) to ${formatShape(['N', ...shape])}.`,
        expected: shape.includes(-1)
          ? `elements per sample divisible by ${rest}`
          : `${rest} elements per sample`,
        actual: formatShape(x),
        fix: { kind: 'setParam', param: 'shape', value, label: `set shape to ${formatShape(value)}` },
      })
    }
    // An inferred dim: known count / rest; with symbolic dims, an expression over their names.
    let inferred: Dim = 0
    if (count !== undefined) inferred = count / rest
    else {
      const n = numericSize(sample)
      const names = sample.filter((d) => typeof d === 'string')
      inferred = n % rest === 0 ? productDim([n / rest, ...names]) : `${operand(productDim(sample))}/${rest}`
    }
    return okLike(dtypes?.[0], [x[0] as Dim, ...shape.map((d) => (d === -1 ? inferred : d))])
  },
  paramCount: () => 0,
  flops: () => 0,
  onnx: {
    emit: ({ b, inputs, outputs: [out] }) =>
      b.node('Reshape', [onnxInput(inputs, 0, 'x').name, b.ints(reshapeTarget(out!))]),
  },
})
