import type { OpCase } from '../conformance'

/**
 * A primitive's entry in the conformance table: its cases, and the reason when its gradient
 * check is skipped (or, for ops no case can exercise, why and where else they are tested).
 */
export type OpEntry =
  | { readonly cases: readonly OpCase[]; readonly noGradientCheck?: string }
  | { readonly excluded: string }
