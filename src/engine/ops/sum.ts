import { defineOp } from './opDef'
import { keptShape, type ReduceAttrs, reduceType, reductionTargets } from './reduce'

/** torch.sum over axes (keepdim). Summing over an empty axis gives 0. Accumulates in f64. */
export const sum = defineOp<ReduceAttrs>({
  name: 'sum',
  arity: 1,
  inferType: (inputs, attrs) => reduceType('sum', inputs, attrs),
  vjp(b, { inputs: [x], gradOutput: dy, attrs }) {
    return [b.expand(b.reshape(dy, keptShape(x!.shape, attrs.axes)), x!.shape)]
  },
  cpu([x], { axes }, out) {
    const target = reductionTargets(x!, axes)
    const acc = new Float64Array(out.data.length)
    const d = x!.data
    for (let i = 0; i < d.length; i++) acc[target[i]!]! += d[i]!
    out.data.set(acc)
  },
})
