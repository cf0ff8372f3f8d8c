import type { GraphBuilder } from '../ir/builder'
import type { ParamUpdate, ParamUpdateArgs, RmspropConfig } from './optimizer'

/**
 * torch.optim.RMSprop: g += wd·p; s = α·s + (1-α)·g²; centered: a = α·a + (1-α)·g and
 * avg = sqrt(s - a²) + eps, else avg = sqrt(s) + eps; with momentum, buf = μ·buf + g/avg and
 * p -= lr·buf, else p -= lr·g/avg. Defaults α = 0.99, eps = 1e-8.
 */
export function rmspropUpdate(g: GraphBuilder, config: RmspropConfig, args: ParamUpdateArgs): ParamUpdate {
  const alpha = config.alpha ?? 0.99
  const eps = config.eps ?? 1e-8
  const wd = config.weight_decay ?? 0
  const momentum = config.momentum ?? 0
  const grad = wd !== 0 ? g.add(args.grad, g.mul(args.param, wd)) : args.grad
  const square = g.add(g.mul(args.state[0]!, alpha), g.mul(g.mul(grad, grad), 1 - alpha))
  let slot = 1
  const bufPrev = momentum > 0 ? args.state[slot++]! : undefined
  const avgPrev = config.centered ? args.state[slot++]! : undefined
  let gradAvg: ReturnType<typeof g.add> | undefined
  let variance = square
  if (avgPrev) {
    gradAvg = g.add(g.mul(avgPrev, alpha), g.mul(grad, 1 - alpha))
    variance = g.sub(square, g.mul(gradAvg, gradAvg))
  }
  const avg = g.add(g.sqrt(variance), eps)
  const state = [square]
  let delta = g.div(grad, avg)
  if (bufPrev) {
    delta = g.add(g.mul(bufPrev, momentum), delta)
    state.push(delta)
  }
  if (gradAvg) state.push(gradAvg)
  return { param: g.sub(args.param, g.mul(delta, args.scalars.lr!)), state }
}
