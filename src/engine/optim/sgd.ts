import type { GraphBuilder } from '../ir/builder'
import type { ParamUpdate, ParamUpdateArgs, SgdConfig } from './optimizer'

/**
 * torch.optim.SGD: d = g + wd·p; with momentum, buf = d on the first step (a clone, no
 * dampening), else buf = momentum·buf + (1 - dampening)·d; Nesterov uses d + momentum·buf,
 * otherwise buf; then p -= lr·d.
 */
export function sgdUpdate(g: GraphBuilder, config: SgdConfig, args: ParamUpdateArgs): ParamUpdate {
  const momentum = config.momentum ?? 0
  const dampening = config.dampening ?? 0
  const wd = config.weight_decay ?? 0
  let d = wd !== 0 ? g.add(args.grad, g.mul(args.param, wd)) : args.grad
  const state = []
  if (momentum !== 0) {
    const prev = args.state[0]!
    const later = g.add(g.mul(prev, momentum), g.mul(d, 1 - dampening))
    const buf = g.where(args.scalars.first!, d, later)
    state.push(buf)
    d = config.nesterov ? g.add(d, g.mul(buf, momentum)) : buf
  }
  return { param: g.sub(args.param, g.mul(d, args.scalars.lr!)), state }
}
