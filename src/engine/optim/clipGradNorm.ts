import type { GraphBuilder } from '../ir/builder'
import type { Value } from '../ir/value'

/** What `clipGradNorm` appends: the scaled gradients and the total norm before clipping. */
export interface ClippedGrads {
  readonly grads: Value[]
  /** The global 2-norm of all gradients together (what torch's clip_grad_norm_ returns). */
  readonly totalNorm: Value
}

/**
 * torch.nn.utils.clip_grad_norm_ (norm_type 2) inside the step graph: total = ‖all grads‖₂,
 * coef = min(max_norm / (total + 1e-6), 1), every gradient times coef. As in PyTorch the
 * gradients are always multiplied (by exactly 1 when under the limit).
 */
export function clipGradNorm(g: GraphBuilder, grads: readonly Value[], maxNorm: number): ClippedGrads {
  if (!(maxNorm > 0)) throw new Error(`clip_grad_norm_ needs a positive max_norm, got ${maxNorm}.`)
  let squares: Value | undefined
  for (const d of grads) {
    const s = g.sum(g.mul(d, d))
    squares = squares ? g.add(squares, s) : s
  }
  const totalNorm = g.sqrt(squares ?? g.scalar(0))
  const coef = g.minimum(g.div(maxNorm, g.add(totalNorm, 1e-6)), 1)
  return { grads: grads.map((d) => g.mul(d, coef)), totalNorm }
}
