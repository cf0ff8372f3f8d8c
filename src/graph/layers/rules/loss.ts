import { formatShape, knownSize, type Shape } from '../../shapes/shape'
import { fail, ok, type ShapeFix, type ShapeResult } from '../types'
import { notConnected } from './issues'

/** PyTorch's loss reductions: a scalar for 'mean'/'sum', the elementwise losses for 'none'. */
export const REDUCTIONS = ['mean', 'sum', 'none'] as const

/** The output of a loss: `[]` for 'mean' and 'sum', `elementwise` for 'none'. */
export function reduced(reduction: string, elementwise: Shape): ShapeResult {
  return ok(reduction === 'none' ? elementwise : [])
}

/** A Reshape on the target that gives it `want`'s per-sample shape, when the counts agree. */
export function reshapeTargetFix(target: Shape, want: Shape): ShapeFix | undefined {
  const have = knownSize(target.slice(1))
  const need = knownSize(want.slice(1))
  if (have === undefined || have !== need) return undefined
  const shape = want.slice(1) as number[]
  return {
    kind: 'insertLayer',
    layer: 'reshape',
    params: { shape },
    label: `insert Reshape to ${formatShape(want)} on target`,
  }
}

/** Shapes that differ where both dims are known (or in rank). */
export function differs(a: Shape, b: Shape): boolean {
  return (
    a.length !== b.length || a.some((d, i) => typeof d === 'number' && typeof b[i] === 'number' && d !== b[i])
  )
}

/**
 * Shape rule of the pointwise losses (MSE, L1, Huber, BCEWithLogits): target must have the
 * input's shape. PyTorch broadcasts MSE/L1/Huber with only a warning, which hides the classic
 * `[N, 1]` vs `[N]` bug, so a mismatch is an error here.
 */
export function pointwiseLoss(
  input: Shape | undefined,
  target: Shape | undefined,
  reduction: string,
): ShapeResult {
  if (!input) return notConnected('input')
  if (!target) return notConnected('target')
  if (differs(input, target)) {
    const fix = reshapeTargetFix(target, input)
    return fail({
      port: 'target',
      message: `target ${formatShape(target)} must have the shape of input ${formatShape(input)}.`,
      expected: formatShape(input),
      actual: formatShape(target),
      ...(fix ? { fix } : {}),
    })
  }
  return reduced(reduction, input)
}
