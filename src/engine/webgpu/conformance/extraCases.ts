import type { GraphBuilder } from '../../ir/builder'
import type { Value } from '../../ir/value'
import { BINARY_OPS as BINARY, UNARY_OPS as UNARY } from '../../ops/cases/elementwise.cases'
import type { OpCase } from '../../ops/conformance'

/**
 * Cases aimed at what a GPU gets wrong and the CPU table does not stress: NaN, ±Inf and ±0
 * through every elementwise op and reduction, sizes that span several workgroups and tiles
 * (tree reductions, multi-tile matmuls with ragged edges), the atomic scatter-add path, and
 * conversions at the edges of i32. Checked forward and backward like the shared table.
 */

const NAN = Number.NaN
const INF = Number.POSITIVE_INFINITY

/** Values every unary op sees: non-finite, signed zeros, tiny, large, and ordinary ones. */
const SPECIAL = [NAN, INF, -INF, 0, -0, 1e-3, -2.5, 100, -100, 30, 0.7, -0.3, 12.5, 1e-30, -8e3]

/** Both sides of every binary op: all pairs of these (a [9, 1] column against a [1, 9] row). */
const PAIRED = [NAN, INF, -INF, 0, -0, 2, -3, 1, 0.5]

const unaryCases: OpCase[] = UNARY.map((op) => ({
  name: `${op} of NaN, ±Inf, ±0 and extremes`,
  inputs: [{ shape: [SPECIAL.length], draw: { values: SPECIAL } }],
  build: (g: GraphBuilder, [x]: Value[]) => g[op](x!),
}))

const binaryCases: OpCase[] = BINARY.map((op) => ({
  name: `${op} of every pair of NaN, ±Inf, ±0, ±1, 2, -3 and 0.5`,
  inputs: [
    { shape: [9, 1], draw: { values: PAIRED } },
    { shape: [1, 9], draw: { values: PAIRED } },
  ],
  build: (g: GraphBuilder, [a, b]: Value[]) => g[op](a!, b!),
}))

const selectionCases: OpCase[] = [
  {
    name: 'where with a NaN, -0 and Inf mask over NaN branches',
    inputs: [
      { shape: [6], draw: { values: [NAN, -0, INF, 0, 1, -2] } },
      { shape: [6], draw: { values: [1, NAN, 3, 4, NAN, 6] } },
      { shape: [1], draw: { values: [NAN] } },
    ],
    build: (g, [c, a, b]) => g.where(c!, a!, b!),
  },
  {
    name: 'cast of NaN, ±Inf and values past the i32 range wraps like Int32Array',
    inputs: [
      {
        shape: [10],
        draw: { values: [NAN, INF, -INF, 3e9, -3e9, 2.5, -2.5, 2147483520, -2147483648, 1e20] },
      },
    ],
    build: (g, [x]) => g.cast(g.cast(x!, 'i32'), 'f32'),
  },
]

/** i32 operands with the wrap-around edges (i32::MIN, i32::MAX, 2^16 squared). */
const INTS = [5, -7, 2147483647, -2147483648, 65536, 0]
const SIGNS = [-3, 4, 1, 1, 65536, -1]

const integerCases: OpCase[] = [
  {
    name: 'i32 arithmetic, selection, reductions and views wrap like Int32Array',
    inputs: [
      { shape: [6], draw: { intValues: INTS } },
      { shape: [6], draw: { intValues: SIGNS } },
    ],
    build: (g, [a, b]) =>
      g.cast(
        g.concat(
          [
            g.neg(a!),
            g.abs(a!),
            g.sign(b!),
            g.add(a!, b!),
            g.sub(a!, b!),
            g.mul(a!, b!),
            g.maximum(a!, b!),
            g.minimum(a!, b!),
            g.where(b!, a!, b!),
            g.sum(a!, 0, true),
            g.max(b!, 0, true),
            g.pad(a!, [[1, 2]], -9),
            g.reshape(g.slice(g.expand(g.reshape(b!, [1, 6]), [2, 6]), [1, 2], [2, 5]), [3]),
            g.reshape(g.permute(g.reshape(a!, [2, 3]), [1, 0]), [6]),
          ],
          0,
        ),
        'f32',
      ),
  },
  {
    name: 'i32 comparisons as f32 masks',
    inputs: [
      { shape: [6], draw: { intValues: INTS } },
      { shape: [6], draw: { intValues: SIGNS } },
    ],
    build: (g, [a, b]) => g.concat([g.lt(a!, b!), g.gt(a!, b!), g.eq(a!, b!)], 0),
  },
]

const reductionCases: OpCase[] = [
  {
    name: 'sum over rows holding Inf, -Inf and NaN',
    inputs: [{ shape: [4, 3], draw: { values: [INF, 1, 2, INF, -INF, 0, NAN, 1, 1, 3, 4, 5] } }],
    build: (g, [x]) => g.sum(x!, 1),
  },
  {
    name: 'max over rows holding NaN and -Inf only',
    inputs: [{ shape: [4, 3], draw: { values: [NAN, 1, 2, -INF, -INF, -INF, 3, NAN, 1, -1, -2, -3] } }],
    build: (g, [x]) => g.max(x!, 1),
  },
  {
    name: 'sum of [3, 300] over axis 1 (a workgroup tree per row)',
    inputs: [{ shape: [3, 300] }],
    build: (g, [x]) => g.sum(x!, 1),
  },
  {
    name: 'sum of [70, 3, 5] over axes 0 and 2 (a strided tree)',
    inputs: [{ shape: [70, 3, 5] }],
    build: (g, [x]) => g.sum(x!, [0, 2]),
  },
  { name: 'sum of all 1031 elements', inputs: [{ shape: [1031] }], build: (g, [x]) => g.sum(x!) },
  {
    name: 'max of distinct [4, 257] values over axis 1 (tree)',
    inputs: [{ shape: [4, 257], draw: 'distinct' }],
    build: (g, [x]) => g.max(x!, 1),
  },
  {
    name: 'max of [200, 3] over axis 0 with a NaN in one column',
    inputs: [
      { shape: [200, 3], draw: { values: [...Array.from({ length: 301 }, (_, i) => i * 0.01), NAN] } },
    ],
    build: (g, [x]) => g.max(x!, 0),
  },
]

const linearCases: OpCase[] = [
  {
    name: 'matmul [37, 45] @ [45, 33] (ragged tiles in every dimension)',
    inputs: [{ shape: [37, 45] }, { shape: [45, 33] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
  },
  {
    name: 'matmul [2, 1, 19, 17] @ [3, 17, 21] (broadcast batches, several tiles)',
    inputs: [{ shape: [2, 1, 19, 17] }, { shape: [3, 17, 21] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
  },
  {
    name: 'matmul propagating Inf (Inf·0 is NaN) and NaN',
    inputs: [
      { shape: [3, 4], draw: { values: [INF, 1, 0, 2, 1, NAN, 1, 1, 1, 2, 3, 4] } },
      { shape: [4, 3], draw: { values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] } },
    ],
    build: (g, [a, b]) => g.matmul(a!, b!),
  },
  {
    name: 'matmul [2, 0, 3] @ [3, 4] (no rows in any batch)',
    inputs: [{ shape: [2, 0, 3] }, { shape: [3, 4] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
  },
  {
    name: 'conv2d [2, 5, 11, 13] * [7, 5, 3, 3], stride 2, padding 1',
    inputs: [{ shape: [2, 5, 11, 13] }, { shape: [7, 5, 3, 3] }],
    build: (g, [x, w]) => g.conv2d(x!, w!, { stride: 2, padding: 1 }),
  },
  {
    name: 'conv2d spreading one NaN to the windows that cover it',
    inputs: [
      { shape: [1, 1, 5, 5], draw: { values: [...Array.from({ length: 12 }, (_, i) => i), NAN] } },
      { shape: [2, 1, 3, 3] },
    ],
    build: (g, [x, w]) => g.conv2d(x!, w!),
  },
  {
    name: 'maxPool2d over NaN and -Inf windows',
    inputs: [
      {
        shape: [1, 1, 4, 4],
        draw: { values: [NAN, 1, -INF, -INF, 2, 3, -INF, -INF, 5, 4, 0, NAN, 7, 6, 8, 1] },
      },
    ],
    build: (g, [x]) => g.maxPool2d(x!, { kernel_size: 2 }),
  },
  {
    name: 'scatterAdd of 100 × 64 values into 1000 rows (the atomic path)',
    inputs: [{ shape: [100], draw: { ints: 1000 } }, { shape: [100, 64] }],
    build: (g, [i, v]) => g.scatterAdd(i!, v!, 1000),
  },
  {
    name: 'gather of rows of an i32 table',
    inputs: [
      { shape: [5, 2], draw: { ints: 100 } },
      { shape: [3], draw: { intValues: [4, 0, 4] } },
    ],
    build: (g, [t, i]) => g.cast(g.gather(t!, i!), 'f32'),
  },
]

const compositeCases: OpCase[] = [
  {
    name: 'logSoftmax over rows, one of them all -Inf',
    inputs: [
      { shape: [3, 5], draw: { values: [1, 2, 3, 4, 5, -INF, -INF, -INF, -INF, -INF, 0.5, -1, 30, 2, 0] } },
    ],
    build: (g, [x]) => g.logSoftmax(x!, -1),
  },
  {
    name: 'softmax of [4, 130] (tree max and sum along rows)',
    inputs: [{ shape: [4, 130] }],
    build: (g, [x]) => g.softmax(x!, -1),
  },
  {
    name: 'add of [300, 301] and [301] (many workgroups)',
    inputs: [{ shape: [300, 301] }, { shape: [301] }],
    build: (g, [a, b]) => g.add(a!, b!),
  },
]

/**
 * The register-tiled matmul's vec4 paths (contiguous dimension a multiple of 4, operands read
 * transposed in place) and the convolutions as implicit GEMM (at least 8 output channels and 32
 * output pixels), with ragged tiles, strides, dilations, padding and a NaN.
 */
const gemmCases: OpCase[] = [
  {
    name: 'matmul [64, 32] @ [32, 64] (vec4 loads and stores)',
    inputs: [{ shape: [64, 32] }, { shape: [32, 64] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
  },
  {
    name: 'matmul [36, 40]ᵀ @ [36, 44] (Aᵀ read in place, M a multiple of 4)',
    inputs: [{ shape: [36, 40] }, { shape: [36, 44] }],
    build: (g, [a, b]) => g.matmul(g.transpose(a!, 0, 1), b!),
  },
  {
    name: 'matmul [33, 48] @ [40, 48]ᵀ (Bᵀ read in place, K a multiple of 4, ragged M)',
    inputs: [{ shape: [33, 48] }, { shape: [40, 48] }],
    build: (g, [a, b]) => g.matmul(a!, g.transpose(b!, 0, 1)),
  },
  {
    name: 'matmul [2, 12, 40]ᵀ @ [2, 36, 12]ᵀ (both read transposed, batched)',
    inputs: [{ shape: [2, 12, 40] }, { shape: [2, 36, 12] }],
    build: (g, [a, b]) => g.matmul(g.transpose(a!, -1, -2), g.transpose(b!, -1, -2)),
  },
  {
    name: 'matmul [35, 33] @ [33, 37] (register tiles, no vec4 dimension)',
    inputs: [{ shape: [35, 33] }, { shape: [33, 37] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
  },
  {
    name: 'conv2d [2, 5, 11, 13] * [9, 5, 3, 3], stride 2, padding 1 (implicit GEMM)',
    inputs: [{ shape: [2, 5, 11, 13] }, { shape: [9, 5, 3, 3] }],
    build: (g, [x, w]) => g.conv2d(x!, w!, { stride: 2, padding: 1 }),
  },
  {
    name: 'conv2d [3, 12, 9, 10] * [10, 12, 3, 3], dilation 2, padding (2, 1) (GEMM both ways)',
    inputs: [{ shape: [3, 12, 9, 10] }, { shape: [10, 12, 3, 3] }],
    build: (g, [x, w]) => g.conv2d(x!, w!, { dilation: 2, padding: [2, 1] }),
  },
  {
    name: 'conv2d [2, 1, 17, 15] * [16, 1, 5, 3], stride (1, 2) (one input channel)',
    inputs: [{ shape: [2, 1, 17, 15] }, { shape: [16, 1, 5, 3] }],
    build: (g, [x, w]) => g.conv2d(x!, w!, { stride: [1, 2] }),
  },
  {
    name: 'conv2d as implicit GEMM spreading a NaN and an Inf',
    inputs: [
      {
        shape: [1, 2, 8, 8],
        draw: {
          values: [
            ...Array.from({ length: 40 }, (_, i) => (i % 7) - 3),
            NAN,
            ...Array.from({ length: 50 }, (_, i) => i * 0.1),
            INF,
          ],
        },
      },
      { shape: [8, 2, 3, 3] },
    ],
    build: (g, [x, w]) => g.conv2d(x!, w!, { padding: 1 }),
  },
  {
    name: 'convTranspose2d [2, 4, 5, 6] * [4, 9, 3, 3], stride 2, padding 1, output_padding 1 (implicit GEMM)',
    inputs: [{ shape: [2, 4, 5, 6] }, { shape: [4, 9, 3, 3] }],
    build: (g, [x, w]) => g.convTranspose2d(x!, w!, { stride: 2, padding: 1, output_padding: 1 }),
  },
  {
    name: 'convTranspose2d [1, 3, 7, 5] * [3, 12, 2, 3], stride (3, 1), dilation (1, 2) (implicit GEMM)',
    inputs: [{ shape: [1, 3, 7, 5] }, { shape: [3, 12, 2, 3] }],
    build: (g, [x, w]) => g.convTranspose2d(x!, w!, { stride: [3, 1], dilation: [1, 2] }),
  },
]

/** The WebGPU-specific cases, by the op family they stress. */
export const EXTRA_CASES: Readonly<Record<string, readonly OpCase[]>> = {
  'unary (special values)': unaryCases,
  'binary (special values)': binaryCases,
  'where and cast (special values)': selectionCases,
  'i32 ops (wrap-around)': integerCases,
  'reductions (special values, trees)': reductionCases,
  'matmul, conv, pool, scatter (sizes, NaN)': linearCases,
  'composites (softmax, many workgroups)': compositeCases,
  'register tiles and implicit GEMM (vec4, transposed, conv)': gemmCases,
}
