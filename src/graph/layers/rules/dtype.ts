import type { Shape } from '../../shapes/shape'
import { ok, okTyped, type PortDtype, type ShapeResult } from '../types'

/**
 * An ok result that carries the input's dtype through, for layers that only move elements
 * (Flatten, Reshape, Permute, Concat): token ids stay ints.
 */
export function okLike(dtype: PortDtype | undefined, shape: Shape): ShapeResult {
  return dtype === 'int' ? okTyped('int', shape) : ok(shape)
}
