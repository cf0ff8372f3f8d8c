import { formatShape, type Shape } from '../../shapes/shape'
import { fail, ok, type ShapeResult } from '../types'
import { normalizeDim } from './dims'
import { notConnected } from './issues'

/** Shape rule of Softmax/LogSoftmax: `dim` must exist in the input; the shape is kept. */
export function softmaxShape(x: Shape | undefined, dim: number): ShapeResult {
  if (!x) return notConnected('x')
  if (normalizeDim(dim, x.length) === undefined)
    return fail({
      port: 'x',
      message: `dim ${dim} is out of range for the ${x.length}-D input ${formatShape(x)}.`,
      expected: `dim in [-${x.length}, ${x.length - 1}]`,
      actual: formatShape(x),
      fix: { kind: 'setParam', param: 'dim', value: -1, label: 'set dim to -1' },
    })
  return ok(x)
}
