import { type Dim, formatShape, type Shape } from '../../shapes/shape'
import { int } from '../params'
import { normalizeDim, sumDim } from '../rules/dims'
import { okLike } from '../rules/dtype'
import { notConnected } from '../rules/issues'
import { defineLayer, fail } from '../types'

/** torch.cat: joins two or more inputs along `dim`; every other dim must match. */
export const concat = defineLayer({
  type: 'concat',
  label: 'Concat',
  category: 'merge',
  doc: 'Joins inputs along dim (torch.cat); all other dims must match.',
  torch: 'torch.cat',
  params: {
    dim: int({
      default: 1,
      doc: 'Dim to join along, batch dim counted; default 1 (features/channels), as dim 0 is the batch.',
    }),
  },
  inputs: [{ name: 'in', variadic: { minCount: 2 } }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs, params, dtypes }) => {
    if (inputs.length < 2) return notConnected(`in${inputs.length}`)
    const first = inputs[0] as Shape
    const dim = normalizeDim(params.dim, first.length)
    if (dim === undefined)
      return fail({
        message: `dim ${params.dim} is out of range for ${first.length}-D inputs ${formatShape(first)}.`,
        expected: `dim in [-${first.length}, ${first.length - 1}]`,
        actual: String(params.dim),
        fix: { kind: 'setParam', param: 'dim', value: -1, label: 'set dim to -1' },
      })
    const out: Dim[] = [...first]
    for (let i = 1; i < inputs.length; i++) {
      const x = inputs[i] as Shape
      if (x.length !== first.length)
        return fail({
          port: `in${i}`,
          message: `Concat needs inputs of equal rank: in0 is ${formatShape(first)} but in${i} is ${formatShape(x)}.`,
          expected: `${first.length}-D`,
          actual: formatShape(x),
        })
      const clash = x.findIndex((d, j) => {
        const o = out[j] as Dim
        return j !== dim && typeof d === 'number' && typeof o === 'number' && d !== o
      })
      if (clash >= 0) {
        // when the shapes differ in exactly one dim, joining along that dim is the likely intent
        const diff = x.map((d, j) => (d === first[j] ? -1 : j)).filter((j) => j >= 0)
        const only = diff.length === 1 ? diff[0] : undefined
        return fail({
          port: `in${i}`,
          message: `Concat along dim ${params.dim}: in0 ${formatShape(first)} and in${i} ${formatShape(x)} differ in dim ${clash}.`,
          expected: formatShape(out.map((d, j) => (j === dim ? '*' : d))),
          actual: formatShape(x),
          ...(only === undefined
            ? {}
            : {
                fix: { kind: 'setParam', param: 'dim', value: only, label: `concatenate along dim ${only}` },
              }),
        })
      }
      x.forEach((d, j) => {
        if (j !== dim && typeof out[j] !== 'number' && typeof d === 'number') out[j] = d
      })
    }
    out[dim] = sumDim(inputs.map((x) => x[dim] as Dim))
    return okLike(dtypes?.[0], out)
  },
  paramCount: () => 0,
  flops: () => 0,
  onnx: {
    emit: ({ b, params, inputs }) =>
      b.node(
        'Concat',
        inputs.map((x) => x.name),
        { axis: params.dim },
      ),
  },
})
