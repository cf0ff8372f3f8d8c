import type { GraphBuilder, Value } from '../../../engine'
import { bceWithLogitsLoss } from '../../layers/loss/bceWithLogitsLoss'
import { crossEntropy } from '../../layers/loss/crossEntropy'
import { huberLoss } from '../../layers/loss/huberLoss'
import { l1Loss } from '../../layers/loss/l1Loss'
import { mseLoss } from '../../layers/loss/mseLoss'
import { defineLowering, need } from '../lowering'

/** PyTorch's reduction of elementwise losses: their mean, their sum, or themselves ('none'). */
function reduce(g: GraphBuilder, losses: Value, reduction: string): Value {
  if (reduction === 'none') return losses
  return reduction === 'sum' ? g.sum(losses) : g.mean(losses)
}

/**
 * F.cross_entropy of logits [N, C, ...]: against int class indices [N, ...] (ignore_index skipped;
 * 'mean' divides by the count of the rest; label smoothing adds ε/C of the uniform target's loss,
 * masked the same way) or against class probabilities [N, C, ...] (smoothed to t(1-ε) + ε/C;
 * 'mean' over N·d1·...). An index outside 0..C-1 (other than ignore_index) contributes 0 here,
 * where PyTorch raises.
 */
export const lowerCrossEntropy = defineLowering(crossEntropy, ({ g, params: p, inputs }) => {
  const input = need(inputs, 0, 'input')
  const target = need(inputs, 1, 'target')
  const classes = input.shape[1]!
  const eps = p.label_smoothing
  const logp = g.logSoftmax(input, 1)
  if (target.dtype === 'f32') {
    const t = eps > 0 ? g.add(g.mul(target, 1 - eps), eps / classes) : target
    return reduce(g, g.neg(g.sum(g.mul(logp, t), 1)), p.reduction)
  }
  const onehot = g.eq(g.iota(input.shape, 1), g.unsqueeze(target, 1))
  const valid = g.sub(1, g.eq(target, p.ignore_index))
  // ignore_index may be a real class: mask its targets out explicitly
  let nll = g.mul(g.neg(g.sum(g.mul(logp, onehot), 1)), valid)
  let smooth = eps > 0 ? g.mul(g.neg(g.sum(logp, 1)), valid) : undefined
  if (p.reduction !== 'none') {
    const total = (x: Value) => (p.reduction === 'mean' ? g.div(g.sum(x), g.sum(valid)) : g.sum(x))
    nll = total(nll)
    smooth = smooth && total(smooth)
  }
  return smooth ? g.add(g.mul(nll, 1 - eps), g.mul(smooth, eps / classes)) : nll
})

/** F.mse_loss: (input - target)². */
export const lowerMseLoss = defineLowering(mseLoss, ({ g, params, inputs }) => {
  const d = g.sub(need(inputs, 0, 'input'), need(inputs, 1, 'target'))
  return reduce(g, g.mul(d, d), params.reduction)
})

/** F.l1_loss: |input - target|. */
export const lowerL1Loss = defineLowering(l1Loss, ({ g, params, inputs }) =>
  reduce(g, g.abs(g.sub(need(inputs, 0, 'input'), need(inputs, 1, 'target'))), params.reduction),
)

/** F.huber_loss: ½d² where |d| < delta, else delta·(|d| - ½delta). */
export const lowerHuberLoss = defineLowering(huberLoss, ({ g, params: p, inputs }) => {
  const d = g.sub(need(inputs, 0, 'input'), need(inputs, 1, 'target'))
  const a = g.abs(d)
  const quadratic = g.mul(g.mul(d, d), 0.5)
  const linear = g.mul(g.sub(a, 0.5 * p.delta), p.delta)
  return reduce(g, g.where(g.lt(a, p.delta), quadratic, linear), p.reduction)
})

/**
 * F.binary_cross_entropy_with_logits in PyTorch's stable form:
 * (1 - t)·x + m + log(e^(-m) + e^(-x-m)), m = max(-x, 0).
 */
export const lowerBceWithLogitsLoss = defineLowering(bceWithLogitsLoss, ({ g, params, inputs }) => {
  const x = need(inputs, 0, 'input')
  const t = need(inputs, 1, 'target')
  const m = g.relu(g.neg(x))
  const tail = g.log(g.add(g.exp(g.neg(m)), g.exp(g.sub(g.neg(x), m))))
  return reduce(g, g.add(g.add(g.mul(g.sub(1, t), x), m), tail), params.reduction)
})
