import type { Value } from '../../ir/value'
import type { ReduceAttrs } from '../../ops/reduce'
import { planLoop } from '../views'
import { allF32, type Buffers, f32, type KernelContext, type PlannedKernel } from './kernel'

/**
 * sum and max of the f32 plan, read through the input's view. The input is walked in runs (a
 * `StridedLoop` over the input's shape, with the output's strides 0 along reduced axes): a run
 * along a reduced axis folds into one f64 accumulator, a run along a kept axis adds into an f64
 * row of accumulators. Sums accumulate in f64, as the reference does; max keeps PyTorch's NaN rule.
 */
export function planReduce(node: Value, ctx: KernelContext): PlannedKernel | undefined {
  if ((node.op !== 'sum' && node.op !== 'max') || !allF32(ctx, node)) return undefined
  const { axes } = node.attrs as ReduceAttrs
  const x = ctx.views[node.inputs[0]!]!
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
  const outStrides = new Array<number>(kept.length)
  let s = 1
  for (let i = kept.length - 1; i >= 0; i--) {
    outStrides[i] = axes.includes(i) ? 0 : s
    s *= kept[i]!
  }
  const loop = planLoop(x.shape, [{ strides: outStrides, offset: 0 }, x])
  const acc = new Float64Array(s)
  const isSum = node.op === 'sum'
  const { rows, inner } = loop
  const [to, from] = loop.offsets as [Int32Array, Int32Array]
  const [ts, fs] = loop.innerStrides as [number, number]
  return {
    reads: [x.base],
    run(b: Buffers) {
      const d = f32(b, x.base)
      if (isSum) {
        acc.fill(0)
        for (let r = 0; r < rows; r++) {
          let t = to[r]!
          let f = from[r]!
          if (ts === 0) {
            let sum = 0
            for (let i = 0; i < inner; i++, f += fs) sum += d[f]!
            acc[t]! += sum
          } else for (let i = 0; i < inner; i++, f += fs, t += ts) acc[t]! += d[f]!
        }
      } else {
        acc.fill(Number.NEGATIVE_INFINITY)
        for (let r = 0; r < rows; r++) {
          let t = to[r]!
          let f = from[r]!
          for (let i = 0; i < inner; i++, f += fs, t += ts) {
            const v = d[f]!
            // a NaN, once in, stays: NaN > v and v > NaN are both false
            if (v > acc[t]! || Number.isNaN(v)) acc[t] = v
          }
        }
      }
      f32(b, node.id).set(acc)
    },
  }
}
