import { formatShape, type Shape } from '../../shapes/shape'
import { fail, ok, type ShapeResult } from '../types'
import { broadcastShapes } from './broadcast'
import { notConnected } from './issues'

/**
 * Shape rule of the variadic elementwise merges (Add, Multiply): every input broadcasts against
 * the others, PyTorch's rules; an error names the offending port and both shapes.
 */
export function broadcastAll(inputs: readonly Shape[], label: string): ShapeResult {
  if (inputs.length < 2) return notConnected(`in${inputs.length}`)
  let acc = inputs[0] as Shape
  for (let i = 1; i < inputs.length; i++) {
    const next = inputs[i] as Shape
    const b = broadcastShapes(acc, next)
    if (!b) {
      const left =
        i === 1 ? `in0 ${formatShape(acc)}` : `the broadcast of in0..in${i - 1} ${formatShape(acc)}`
      return fail({
        port: `in${i}`,
        message: `${label} cannot broadcast ${left} with in${i} ${formatShape(next)}: sizes must match or be 1, aligned from the right.`,
        expected: `a shape broadcastable with ${formatShape(acc)}`,
        actual: formatShape(next),
      })
    }
    acc = b
  }
  return ok(acc)
}
