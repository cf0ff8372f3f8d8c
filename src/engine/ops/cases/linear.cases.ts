import type { OpCase } from '../conformance'
import type { OpEntry } from './types'

const matmulCases: OpCase[] = [
  {
    name: 'matmul [3, 5] @ [5, 7]',
    inputs: [{ shape: [3, 5] }, { shape: [5, 7] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
  },
  {
    name: 'matmul broadcasting batch dims [2, 1, 3, 5] @ [3, 5, 7]',
    inputs: [{ shape: [2, 1, 3, 5] }, { shape: [3, 5, 7] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
  },
  {
    name: 'matmul [3, 3, 5] @ [5, 1] (batch against a matrix)',
    inputs: [{ shape: [3, 3, 5] }, { shape: [5, 1] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
  },
  {
    name: 'matmul vector [5] @ [5, 3]',
    inputs: [{ shape: [5] }, { shape: [5, 3] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
  },
  {
    name: 'matmul [3, 5] @ vector [5]',
    inputs: [{ shape: [3, 5] }, { shape: [5] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
  },
  {
    name: 'matmul vector [7] @ vector [7]',
    inputs: [{ shape: [7] }, { shape: [7] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
  },
  {
    name: 'matmul with an empty inner dimension [3, 0] @ [0, 5] (zeros)',
    inputs: [{ shape: [3, 0] }, { shape: [0, 5] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
  },
  {
    name: 'matmul with no rows [0, 3] @ [3, 5]',
    inputs: [{ shape: [0, 3] }, { shape: [3, 5] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
  },
]

const conv2dCases: OpCase[] = [
  {
    name: 'conv2d [2, 3, 7, 9] * [5, 3, 3, 3] with padding 1',
    inputs: [{ shape: [2, 3, 7, 9] }, { shape: [5, 3, 3, 3] }],
    build: (g, [x, w]) => g.conv2d(x!, w!, { padding: 1 }),
  },
  {
    name: 'conv2d with stride 2, dilation 2 and padding (2, 1)',
    inputs: [{ shape: [1, 3, 9, 7] }, { shape: [3, 3, 3, 3] }],
    build: (g, [x, w]) => g.conv2d(x!, w!, { stride: 2, dilation: 2, padding: [2, 1] }),
  },
  {
    name: 'conv2d with 2 groups, stride (2, 1) and a 3x1 kernel',
    inputs: [{ shape: [1, 4, 7, 5] }, { shape: [6, 2, 3, 1] }],
    build: (g, [x, w]) => g.conv2d(x!, w!, { groups: 2, stride: [2, 1] }),
  },
  {
    name: 'conv2d depthwise (groups = channels) with stride 3 leaving a remainder',
    inputs: [{ shape: [2, 3, 8, 7] }, { shape: [3, 1, 2, 3] }],
    build: (g, [x, w]) => g.conv2d(x!, w!, { groups: 3, stride: 3, padding: 1 }),
  },
  {
    name: 'conv2d of an empty batch [0, 3, 5, 5]',
    inputs: [{ shape: [0, 3, 5, 5] }, { shape: [1, 3, 3, 3] }],
    build: (g, [x, w]) => g.conv2d(x!, w!),
  },
]

const convTransposeCases: OpCase[] = [
  {
    name: 'convTranspose2d [2, 3, 5, 4] * [3, 5, 3, 3] with stride 2, padding 1, output_padding 1',
    inputs: [{ shape: [2, 3, 5, 4] }, { shape: [3, 5, 3, 3] }],
    build: (g, [x, w]) => g.convTranspose2d(x!, w!, { stride: 2, padding: 1, output_padding: 1 }),
  },
  {
    name: 'convTranspose2d with 2 groups and dilation 2, output_padding 1 >= stride 1',
    inputs: [{ shape: [1, 4, 3, 5] }, { shape: [4, 3, 3, 2] }],
    build: (g, [x, w]) => g.convTranspose2d(x!, w!, { groups: 2, dilation: 2, output_padding: 1 }),
  },
  {
    name: 'convTranspose2d with stride (3, 1) and padding (0, 1)',
    inputs: [{ shape: [1, 2, 3, 3] }, { shape: [2, 1, 3, 3] }],
    build: (g, [x, w]) => g.convTranspose2d(x!, w!, { stride: [3, 1], padding: [0, 1] }),
  },
]

const maxPoolCases: OpCase[] = [
  {
    name: 'maxPool2d 3x3, stride 2, padding 1 over [2, 3, 7, 9]',
    inputs: [{ shape: [2, 3, 7, 9], draw: 'distinct' }],
    build: (g, [x]) => g.maxPool2d(x!, { kernel_size: 3, stride: 2, padding: 1 }),
  },
  {
    name: 'maxPool2d 2x2 in ceil mode over [1, 3, 5, 7]',
    inputs: [{ shape: [1, 3, 5, 7], draw: 'distinct' }],
    build: (g, [x]) => g.maxPool2d(x!, { kernel_size: 2, ceil_mode: true }),
  },
  {
    name: 'maxPool2d (3, 2) with dilation 2 and stride 1 (overlapping windows)',
    inputs: [{ shape: [1, 2, 7, 5], draw: 'distinct' }],
    build: (g, [x]) => g.maxPool2d(x!, { kernel_size: [3, 2], stride: 1, dilation: 2 }),
  },
]

const avgPoolCases: OpCase[] = [
  {
    name: 'avgPool2d 3x3, stride 2, padding 1 counting the padding',
    inputs: [{ shape: [2, 3, 7, 9] }],
    build: (g, [x]) => g.avgPool2d(x!, { kernel_size: 3, stride: 2, padding: 1 }),
  },
  {
    name: 'avgPool2d 3x3, stride 2, padding 1 not counting the padding, ceil mode',
    inputs: [{ shape: [1, 3, 8, 7] }],
    build: (g, [x]) =>
      g.avgPool2d(x!, { kernel_size: 3, stride: 2, padding: 1, count_include_pad: false, ceil_mode: true }),
  },
  {
    name: 'avgPool2d 2x2 in ceil mode over odd sizes [1, 2, 5, 5]',
    inputs: [{ shape: [1, 2, 5, 5] }],
    build: (g, [x]) => g.avgPool2d(x!, { kernel_size: 2, padding: 1, ceil_mode: true }),
  },
  {
    name: 'avgPool2d (2, 3) with stride (1, 2) and divisor_override 5',
    inputs: [{ shape: [1, 3, 5, 7] }],
    build: (g, [x]) => g.avgPool2d(x!, { kernel_size: [2, 3], stride: [1, 2], divisor_override: 5 }),
  },
]

const maxPoolIndicesCases: OpCase[] = [
  {
    name: 'maxPool2dIndices picking the values max pooling returns (through gather)',
    inputs: [{ shape: [2, 3, 5, 7], draw: 'distinct' }],
    build: (g, [x]) =>
      g.gather(g.reshape(x!, [-1]), g.maxPool2dIndices(x!, { kernel_size: 3, stride: 2, padding: 1 })),
  },
]

/** Conformance entries of contractions, convolutions and pooling. */
export const LINEAR_ENTRIES = {
  matmul: { cases: matmulCases },
  conv2d: { cases: conv2dCases },
  convTranspose2d: { cases: convTransposeCases },
  maxPool2d: { cases: maxPoolCases },
  maxPool2dIndices: { cases: maxPoolIndicesCases },
  avgPool2d: { cases: avgPoolCases },
} satisfies Record<string, OpEntry>
