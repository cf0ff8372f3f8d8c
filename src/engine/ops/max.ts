import { defineOp } from './opDef'
import { keptShape, type ReduceAttrs, reduceType, reductionTargets, requireNonEmpty } from './reduce'

/**
 * torch.amax over axes (keepdim): NaN wins; an empty axis is an error. The gradient is shared
 * evenly between tied maxima, as amax's is in PyTorch.
 */
export const max = defineOp<ReduceAttrs>({
  name: 'max',
  arity: 1,
  inferType(inputs, attrs) {
    requireNonEmpty('max', inputs[0]!.shape, attrs.axes)
    return reduceType('max', inputs, attrs)
  },
  vjp(b, { inputs: [x], output: y, gradOutput: dy, attrs }) {
    const kept = keptShape(x!.shape, attrs.axes)
    const mask = b.eq(x!, b.reshape(y, kept))
    const count = b.sum(mask, attrs.axes, true)
    return [b.mul(mask, b.div(b.reshape(dy, kept), count))]
  },
  cpu([x], { axes }, out) {
    const target = reductionTargets(x!, axes)
    // the running maxima live in f64 so that -inf can start them for i32 inputs too
    const o = new Float64Array(out.data.length).fill(Number.NEGATIVE_INFINITY)
    const d = x!.data
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!
      const t = target[i]!
      // a NaN, once in, stays: NaN > v and v > NaN are both false
      if (v > o[t]! || Number.isNaN(v)) o[t] = v
    }
    out.data.set(o)
  },
})
