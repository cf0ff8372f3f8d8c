import type { GraphBuilder } from '../ir/builder'
import type { AdamConfig, ParamUpdate, ParamUpdateArgs } from './optimizer'

/**
 * torch.optim.Adam and AdamW. Adam adds weight decay to the gradient (L2); AdamW decays the
 * parameter first, p *= 1 - lr·wd (decoupled). Then m = β1·m + (1-β1)·g, v = β2·v + (1-β2)·g²,
 * denom = sqrt(v) / sqrt(1 - β2^t) + eps (eps outside the square root; AMSGrad uses the running
 * max of v), p -= lr / (1 - β1^t) · m / denom.
 */
export function adamUpdate(g: GraphBuilder, config: AdamConfig, args: ParamUpdateArgs): ParamUpdate {
  const [beta1, beta2] = config.betas ?? [0.9, 0.999]
  const eps = config.eps ?? 1e-8
  const decoupled = config.type === 'adamw'
  const wd = config.weight_decay ?? (decoupled ? 0.01 : 0)
  let param = args.param
  let grad = args.grad
  if (wd !== 0) {
    if (decoupled) param = g.mul(param, args.scalars.decay!)
    else grad = g.add(grad, g.mul(param, wd))
  }
  const m = g.add(g.mul(args.state[0]!, beta1), g.mul(grad, 1 - beta1))
  const v = g.add(g.mul(args.state[1]!, beta2), g.mul(g.mul(grad, grad), 1 - beta2))
  const state = [m, v]
  let second = v
  if (config.amsgrad) {
    second = g.maximum(args.state[2]!, v)
    state.push(second)
  }
  const denom = g.add(g.div(g.sqrt(second), args.scalars.bias_correction2_sqrt!), eps)
  return { param: g.sub(param, g.mul(g.div(m, denom), args.scalars.step_size!)), state }
}
