import type { OpCase } from '../conformance'
import type { OpEntry } from './types'

const sumCases: OpCase[] = [
  { name: 'sum of [3, 5, 7] over axis 1', inputs: [{ shape: [3, 5, 7] }], build: (g, [x]) => g.sum(x!, 1) },
  {
    name: 'sum of [3, 5, 7] over axes -1 and 0 with keepdims',
    inputs: [{ shape: [3, 5, 7] }],
    build: (g, [x]) => g.sum(x!, [-1, 0], true),
  },
  { name: 'sum of [5, 3] over every axis', inputs: [{ shape: [5, 3] }], build: (g, [x]) => g.sum(x!) },
  { name: 'sum of a scalar', inputs: [{ shape: [] }], build: (g, [x]) => g.sum(x!) },
  {
    name: 'sum of [3, 0] over its empty axis (zeros)',
    inputs: [{ shape: [3, 0] }],
    build: (g, [x]) => g.sum(x!, 1),
  },
  { name: 'sum of [1, 5] over a size-1 axis', inputs: [{ shape: [1, 5] }], build: (g, [x]) => g.sum(x!, 0) },
]

const maxCases: OpCase[] = [
  {
    name: 'max of distinct [3, 5, 7] values over axis 2',
    inputs: [{ shape: [3, 5, 7], draw: 'distinct' }],
    build: (g, [x]) => g.max(x!, 2),
  },
  {
    name: 'max of [5, 3, 3] over axes 0 and 2 with keepdims',
    inputs: [{ shape: [5, 3, 3], draw: 'distinct' }],
    build: (g, [x]) => g.max(x!, [0, 2], true),
  },
  {
    name: 'max of [7, 3] over every axis',
    inputs: [{ shape: [7, 3], draw: 'distinct' }],
    build: (g, [x]) => g.max(x!),
  },
  {
    name: 'max of [3, 0] over its non-empty axis',
    inputs: [{ shape: [3, 0] }],
    build: (g, [x]) => g.max(x!, 0),
  },
]

/** Conformance entries of the reductions. */
export const REDUCE_ENTRIES = {
  sum: { cases: sumCases },
  max: { cases: maxCases },
} satisfies Record<'sum' | 'max', OpEntry>
