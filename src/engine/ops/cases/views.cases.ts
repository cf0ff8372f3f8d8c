import type { OpCase } from '../conformance'
import type { OpEntry } from './types'

const gatherCases: OpCase[] = [
  {
    name: 'gather of [2, 5] indices from a [7, 3] table',
    inputs: [{ shape: [7, 3] }, { shape: [2, 5], draw: { ints: 7 } }],
    build: (g, [t, i]) => g.gather(t!, i!),
  },
  {
    name: 'gather of repeated indices from a 1-D table',
    inputs: [{ shape: [5] }, { shape: [9], draw: { intValues: [4, 0, 4, 2, 2, 2, 1, 0, 4] } }],
    build: (g, [t, i]) => g.gather(t!, i!),
  },
  {
    name: 'gather of no indices [0]',
    inputs: [{ shape: [5, 3] }, { shape: [0], draw: { ints: 5 } }],
    build: (g, [t, i]) => g.gather(t!, i!),
  },
]

const scatterAddCases: OpCase[] = [
  {
    name: 'scatterAdd of [5, 3] values into 3 rows with repeated indices',
    inputs: [{ shape: [5], draw: { intValues: [2, 0, 2, 1, 2] } }, { shape: [5, 3] }],
    build: (g, [i, v]) => g.scatterAdd(i!, v!, 3),
  },
  {
    name: 'scatterAdd of [3, 1] values into 7 rows, some untouched',
    inputs: [{ shape: [3], draw: { ints: 7 } }, { shape: [3, 1] }],
    build: (g, [i, v]) => g.scatterAdd(i!, v!, 7),
  },
]

const viewCases = {
  reshape: [
    {
      name: 'reshape [3, 5, 7] to [5, -1]',
      inputs: [{ shape: [3, 5, 7] }],
      build: (g, [x]) => g.reshape(x!, [5, -1]),
    },
    { name: 'reshape [1, 1] to a scalar', inputs: [{ shape: [1, 1] }], build: (g, [x]) => g.reshape(x!, []) },
    {
      name: 'reshape an empty [0, 3] to [3, 0]',
      inputs: [{ shape: [0, 3] }],
      build: (g, [x]) => g.reshape(x!, [3, 0]),
    },
  ],
  permute: [
    {
      name: 'permute [3, 5, 7] by [2, 0, 1]',
      inputs: [{ shape: [3, 5, 7] }],
      build: (g, [x]) => g.permute(x!, [2, 0, 1]),
    },
    {
      name: 'transpose [5, 1, 3] axes 0 and -1',
      inputs: [{ shape: [5, 1, 3] }],
      build: (g, [x]) => g.transpose(x!, 0, -1),
    },
  ],
  slice: [
    {
      name: 'slice [5, 7] to rows 1..4 and columns 2..7',
      inputs: [{ shape: [5, 7] }],
      build: (g, [x]) => g.slice(x!, [1, 2], [4, 7]),
    },
    {
      name: 'slice [5, 3] to nothing',
      inputs: [{ shape: [5, 3] }],
      build: (g, [x]) => g.slice(x!, [2, 0], [2, 3]),
    },
  ],
  pad: [
    {
      name: 'pad [3, 5] by (1, 2) rows and (0, 3) columns of 0.5',
      inputs: [{ shape: [3, 5] }],
      build: (g, [x]) =>
        g.pad(
          x!,
          [
            [1, 2],
            [0, 3],
          ],
          0.5,
        ),
    },
    {
      name: 'pad an empty [0, 3] by one row',
      inputs: [{ shape: [0, 3] }],
      build: (g, [x]) =>
        g.pad(
          x!,
          [
            [1, 0],
            [0, 0],
          ],
          -1,
        ),
    },
  ],
  concat: [
    {
      name: 'concat [3, 5], [3, 1] and [3, 0] along axis 1',
      inputs: [{ shape: [3, 5] }, { shape: [3, 1] }, { shape: [3, 0] }],
      build: (g, xs) => g.concat(xs, 1),
    },
    {
      name: 'concat [1, 3, 5] and [2, 3, 5] along axis 0',
      inputs: [{ shape: [1, 3, 5] }, { shape: [2, 3, 5] }],
      build: (g, xs) => g.concat(xs, 0),
    },
  ],
  expand: [
    {
      name: 'expand [3, 1] to [2, 3, 5]',
      inputs: [{ shape: [3, 1] }],
      build: (g, [x]) => g.expand(x!, [2, 3, 5]),
    },
    { name: 'expand a scalar to [7]', inputs: [{ shape: [] }], build: (g, [x]) => g.expand(x!, [7]) },
    { name: 'expand [1, 3] to [0, 3]', inputs: [{ shape: [1, 3] }], build: (g, [x]) => g.expand(x!, [0, 3]) },
  ],
  cast: [
    {
      name: 'cast i32 indices to f32 and scale a tensor by them',
      inputs: [{ shape: [3, 5], draw: { ints: 9 } }, { shape: [3, 5] }],
      build: (g, [i, x]) => g.mul(g.cast(i!, 'f32'), x!),
    },
    {
      name: 'cast f32 to i32 (truncating) and back',
      inputs: [{ shape: [7], draw: { values: [-2.7, -0.5, 0.4, 1.6, 3.9, 2.2, -1.3] } }],
      build: (g, [x]) => g.add(g.cast(g.cast(x!, 'i32'), 'f32'), x!),
    },
  ],
  detach: [
    {
      name: 'detach of [3, 5] times a live tensor',
      inputs: [{ shape: [3, 5] }, { shape: [3, 5] }],
      build: (g, [x, y]) => g.mul(g.detach(x!), y!),
    },
  ],
} satisfies Record<string, OpCase[]>

const sourceCases = {
  input: [{ name: 'input passed straight through', inputs: [{ shape: [3, 5] }], build: (_g, [x]) => x! }],
  full: [
    {
      name: 'full [5] of 2.5 added to [3, 5]',
      inputs: [{ shape: [3, 5] }],
      build: (g, [x]) => g.add(x!, g.full([5], 2.5)),
    },
  ],
  constant: [
    {
      name: 'constant [3, 1] multiplied into [3, 5]',
      inputs: [{ shape: [3, 5] }],
      build: (g, [x]) => g.mul(x!, g.constant([0.5, -2, 3], [3, 1])),
    },
  ],
  iota: [
    {
      name: 'iota along axis 1 of [3, 5], as f32, multiplied into [3, 5]',
      inputs: [{ shape: [3, 5] }],
      build: (g, [x]) => g.mul(x!, g.iota([3, 5], 1, 'f32')),
    },
  ],
} satisfies Record<string, OpCase[]>

/** Conformance entries of indexing, views, conversions and sources. */
export const VIEW_ENTRIES = {
  gather: { cases: gatherCases },
  scatterAdd: { cases: scatterAddCases },
  reshape: { cases: viewCases.reshape },
  permute: { cases: viewCases.permute },
  slice: { cases: viewCases.slice },
  pad: { cases: viewCases.pad },
  concat: { cases: viewCases.concat },
  expand: { cases: viewCases.expand },
  cast: { cases: viewCases.cast },
  detach: {
    cases: viewCases.detach,
    noGradientCheck:
      'detach cuts d/dx on purpose, so finite differences disagree by design; grad.test.ts asserts the cut',
  },
  input: { cases: sourceCases.input },
  param: {
    excluded: 'a param is fed by name exactly like an input (covered by the input entry and runCpu.test.ts)',
  },
  full: { cases: sourceCases.full },
  constant: { cases: sourceCases.constant },
  iota: { cases: sourceCases.iota },
} satisfies Record<string, OpEntry>
