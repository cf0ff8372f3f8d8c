import type { OpName } from '../index'
import { ELEMENTWISE_ENTRIES } from './elementwise.cases'
import { LINEAR_ENTRIES } from './linear.cases'
import { REDUCE_ENTRIES } from './reduce.cases'
import type { OpEntry } from './types'
import { VIEW_ENTRIES } from './views.cases'

/**
 * The conformance table: one entry per primitive of `OPS` (the type makes a missing one a compile
 * error), each with its cases or the reason it has none.
 */
export const CONFORMANCE: Readonly<Record<OpName, OpEntry>> = {
  ...ELEMENTWISE_ENTRIES,
  ...REDUCE_ENTRIES,
  ...LINEAR_ENTRIES,
  ...VIEW_ENTRIES,
}

export type { OpEntry } from './types'
