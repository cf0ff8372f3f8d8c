import { type Dim, formatShape, type Shape } from '../../shapes/shape'
import { choice, float, int } from '../params'
import { perSample } from '../rules/dims'
import { notConnected, wrongRank } from '../rules/issues'
import { differs, REDUCTIONS, reduced, reshapeTargetFix } from '../rules/loss'
import { defineLayer, fail, type ShapeResult } from '../types'

/** Target as class indices: `[N, d1, ...]`, the input without its class dim. */
function indexTarget(input: Shape, target: Shape, reduction: string): ShapeResult {
  const want: Shape = [input[0] as Dim, ...input.slice(2)]
  if (differs(want, target)) {
    const fix = reshapeTargetFix(target, want)
    return fail({
      port: 'target',
      message: `Class-index target ${formatShape(target)} must have shape ${formatShape(want)} (input ${formatShape(input)} without its class dim C).`,
      expected: formatShape(want),
      actual: formatShape(target),
      ...(fix ? { fix } : {}),
    })
  }
  return reduced(reduction, want)
}

/** torch.nn.CrossEntropyLoss: log-softmax over the class dim (1) plus negative log-likelihood. */
export const crossEntropy = defineLayer({
  type: 'crossEntropy',
  label: 'Cross-Entropy Loss',
  category: 'loss',
  doc: 'Cross-entropy of logits [N, C, ...] against class indices [N, ...] (int) or class probabilities [N, C, ...] (float).',
  torch: 'torch.nn.CrossEntropyLoss',
  params: {
    ignore_index: int({ default: -100, doc: 'Class index whose targets are skipped (index targets only).' }),
    reduction: choice({
      default: 'mean',
      options: REDUCTIONS,
      doc: "'mean' or 'sum' of the per-sample losses (a scalar), or 'none' to keep them ([N, ...]).",
    }),
    label_smoothing: float({
      default: 0,
      min: 0,
      max: 1,
      doc: 'Mix this much of the uniform distribution into the target (0: none).',
    }),
  },
  inputs: [
    { name: 'input', doc: 'Logits [N, C] or [N, C, d1, ...].' },
    {
      name: 'target',
      dtype: 'int',
      doc: 'Class indices [N] / [N, d1, ...] (int), or probabilities shaped like input (float).',
    },
  ],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [input, target], params, dtypes }) => {
    if (!input) return notConnected('input')
    if (!target) return notConnected('target')
    if (input.length < 2) return wrongRank('input', 'CrossEntropyLoss', '[N, C] or [N, C, d1, ...]', input)
    const kind = dtypes?.[1]
    // with no dtype known, the rank tells: one less than input = indices, equal = probabilities
    const probabilities = kind === 'float' || (kind === undefined && target.length === input.length)
    if (!probabilities) return indexTarget(input, target, params.reduction)
    if (differs(input, target))
      return fail({
        port: 'target',
        message: `Probability target ${formatShape(target)} must have the shape of input ${formatShape(input)}.`,
        expected: formatShape(input),
        actual: formatShape(target),
      })
    return reduced(params.reduction, [input[0] as Dim, ...input.slice(2)])
  },
  paramCount: () => 0,
  flops: ({ inputs: [input] }) => 5 * perSample(input!),
})
