import { readFileSync } from 'node:fs'
import type { onnx } from 'onnx-proto'
import { describe, expect, it } from 'vitest'
import { ONNX } from '../proto'
import { MAX_DIM } from './decode'
import { importOnnx } from './importOnnx'

const FLOAT = ONNX.TensorProto.DataType.FLOAT

/** A float graph value of `dims` (a string is a symbolic dim). */
const value = (name: string, dims: (number | string)[]): onnx.IValueInfoProto => ({
  name,
  type: {
    tensorType: {
      elemType: FLOAT,
      shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  },
})

/** ModelProto bytes of a small graph from x [N, 4] to `output`. */
function model(
  nodes: onnx.INodeProto[],
  options: {
    initializer?: onnx.ITensorProto[]
    input?: (number | string)[]
    output?: string
    opset?: number
  } = {},
): Uint8Array {
  return ONNX.ModelProto.encode(
    ONNX.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: options.opset ?? 17 }],
      graph: {
        name: 'test',
        node: nodes,
        initializer: options.initializer ?? [],
        input: [value('x', options.input ?? ['N', 4])],
        output: [value(options.output ?? 'y', ['N', 4])],
      },
    }),
  ).finish()
}

/** The error `importOnnx` throws on `bytes`, and how long it took. */
function failure(bytes: Uint8Array): { message: string; ms: number } {
  const start = performance.now()
  try {
    importOnnx(bytes)
  } catch (e) {
    return { message: e instanceof Error ? e.message : String(e), ms: performance.now() - start }
  }
  throw new Error('importOnnx accepted the file')
}

const mlp = () => new Uint8Array(readFileSync(new URL('./fixtures/mlp-opset17.onnx', import.meta.url)))

describe('importOnnx on files it cannot take', () => {
  it('names every unknown op and its node, not only the first', () => {
    const bytes = model([
      { name: 'act', opType: 'Relu', input: ['x'], output: ['a'] },
      { name: 'warp', opType: 'GridSample', input: ['a', 'a'], output: ['b'] },
      { name: 'top', opType: 'TopK', input: ['b'], output: ['y'] },
    ])
    const { message } = failure(bytes)
    expect(message).toMatch(/2 ONNX ops Triad cannot import/)
    expect(message).toContain('GridSample (node warp)')
    expect(message).toContain('TopK (node top)')
    expect(message).not.toContain('Relu')
  })

  it('names each node a known op cannot be mapped from, with the reason', () => {
    const bytes = model(
      [
        { name: 'shift', opType: 'Add', input: ['x', 'c'], output: ['a'] },
        { name: 'exp', opType: 'Sqrt', input: ['a'], output: ['y'] },
      ],
      { initializer: [{ name: 'c', dims: [4], dataType: FLOAT, floatData: [1, 2, 3, 4] }] },
    )
    const { message } = failure(bytes)
    expect(message).toContain('Add (node shift): Add with a constant operand has no Triad layer')
    expect(message).toContain('Sqrt (node exp)')
  })

  it('refuses an opset outside 13-17 and says which to export with', () => {
    expect(failure(model([{ opType: 'Relu', input: ['x'], output: ['y'] }], { opset: 11 })).message).toMatch(
      /opset 11.*opset_version=17/,
    )
  })

  it('fails fast with a clear message on every truncation of a real export', () => {
    const bytes = mlp()
    for (const cut of [1, 7, 40, 200, 1000, 2000, 3000, 4000, bytes.length - 3]) {
      const { message, ms } = failure(bytes.slice(0, cut))
      expect(message.split('\n')).toHaveLength(1)
      expect(message.length).toBeGreaterThan(20)
      expect(ms).toBeLessThan(1000)
    }
  })

  it('refuses a weight declaring a dimension of 2^40 before allocating anything', () => {
    const huge = model([{ name: 'mm', opType: 'MatMul', input: ['x', 'w'], output: ['y'] }], {
      initializer: [{ name: 'w', dims: [2 ** 40, 4], dataType: FLOAT, floatData: new Array(16).fill(1) }],
    })
    const { message, ms } = failure(huge)
    expect(message).toMatch(/tensor 'w': dim 0 is 1099511627776/)
    expect(ms).toBeLessThan(1000)
  })

  it('refuses a graph input with a dimension of 2^40', () => {
    const { message, ms } = failure(
      model([{ opType: 'Relu', input: ['x'], output: ['y'] }], { input: ['N', 2 ** 40] }),
    )
    expect(message).toMatch(/graph input 'x': dim 1 is 1099511627776/)
    expect(ms).toBeLessThan(1000)
  })

  it('refuses a weight whose dims promise more values than it holds', () => {
    const short = model([{ name: 'mm', opType: 'MatMul', input: ['x', 'w'], output: ['y'] }], {
      initializer: [{ name: 'w', dims: [4, 4], dataType: FLOAT, rawData: new Uint8Array(12) }],
    })
    expect(failure(short).message).toMatch(/tensor 'w' declares more elements than the file holds/)
  })

  it('fails with a message on single bit flips of a real export, never hanging', () => {
    const bytes = mlp()
    let failures = 0
    for (let k = 0; k < 64; k++) {
      const flipped = bytes.slice()
      const at = (k * 7919) % flipped.length
      flipped[at]! ^= 1 << (k % 8)
      const start = performance.now()
      try {
        importOnnx(flipped)
      } catch (e) {
        failures++
        expect((e as Error).message.length).toBeGreaterThan(10)
      }
      expect(performance.now() - start).toBeLessThan(1000)
    }
    // many flips land in weights and still import; the rest fail cleanly
    expect(failures).toBeGreaterThan(0)
  })
})

const INTS = ONNX.AttributeProto.AttributeType.INTS
const INT = ONNX.AttributeProto.AttributeType.INT
const FLOAT_ATTR = ONNX.AttributeProto.AttributeType.FLOAT

/** A Conv named `c` over x [N, 1, 5, 5] with a [4, 1, 3, 3] weight and the given attributes. */
function conv(attribute: onnx.IAttributeProto[], weight = [4, 1, 3, 3]): Uint8Array {
  const n = weight.reduce((a, d) => a * d, 1)
  return model([{ name: 'c', opType: 'Conv', input: ['x', 'w'], output: ['y'], attribute }], {
    input: ['N', 1, 5, 5],
    initializer: [{ name: 'w', dims: weight, dataType: FLOAT, floatData: new Array(n).fill(0.1) }],
  })
}

const ints = (name: string, values: number[]): onnx.IAttributeProto => ({ name, type: INTS, ints: values })

describe('importOnnx on damaged names and attributes', () => {
  it('shows a damaged node name and input name escaped, in one line', () => {
    const { message } = failure(
      model([{ name: 'r\n\u0010elu', opType: 'Relu', input: ['\n\u0012gone'], output: ['y'] }]),
    )
    expect(message).toBe(
      "Relu node r\\n\\u0010elu reads '\\n\\u0012gone', which no earlier node makes: the graph is not in order or is damaged.",
    )
  })

  it('cuts a name of thousands of characters in the message', () => {
    const { message } = failure(
      model([{ name: 'n'.repeat(5000), opType: 'Relu', input: ['q'], output: ['y'] }]),
    )
    expect(message).toContain(`${'n'.repeat(64)}… (4936 more characters)`)
    expect(message.length).toBeLessThan(300)
  })

  it('refuses a zero stride, naming the node, the attribute and the value', () => {
    expect(failure(conv([ints('strides', [0, 1])])).message).toBe(
      `Conv node c: attribute strides is [0, 1], but every entry must lie in [1, ${MAX_DIM}]: the file is damaged or was not exported by PyTorch.`,
    )
  })

  it('refuses pads, dilations and kernel_shape whose length does not match the input rank', () => {
    expect(failure(conv([ints('pads', [1, 1])])).message).toMatch(
      /Conv node c: attribute pads is \[1, 1\], but the input's rank calls for 4 entries/,
    )
    expect(failure(conv([ints('dilations', [1, 1, 1])])).message).toMatch(
      /attribute dilations is \[1, 1, 1\]/,
    )
    expect(failure(conv([ints('kernel_shape', [3])])).message).toMatch(/attribute kernel_shape is \[3\]/)
    expect(failure(conv([ints('pads', [0, -1, 0, 0])])).message).toMatch(/attribute pads is \[0, -1, 0, 0\]/)
  })

  it('refuses an int attribute that arrived as a float', () => {
    expect(failure(conv([{ name: 'group', type: FLOAT_ATTR, f: 1.5 }])).message).toMatch(
      /Conv node c: attribute group is 1.5, but it must be an integer/,
    )
  })

  it('refuses a group the channels do not match and a window larger than the padded input', () => {
    expect(failure(conv([{ name: 'group', type: INT, i: 2 }])).message).toMatch(
      /Conv node c: group 2 with the weight \[4, 1, 3, 3\] takes 2 channels, the input has 1/,
    )
    expect(failure(conv([], [4, 1, 7, 3])).message).toMatch(
      /Conv node c: its window spans 7 along axis 2, more than the padded input's 5/,
    )
  })

  it('refuses a perm that is not a permutation and a repeated or out-of-range axis', () => {
    const one = (node: onnx.INodeProto) =>
      failure(model([{ name: 'n', input: ['x'], output: ['y'], ...node }]))
    expect(one({ opType: 'Transpose', attribute: [ints('perm', [0, 0])] }).message).toMatch(
      /Transpose node n: attribute perm is \[0, 0\], but it must order the axes 0..1 of the input/,
    )
    expect(one({ opType: 'ReduceMean', attribute: [ints('axes', [1, -1])] }).message).toMatch(
      /ReduceMean node n: attribute axes is \[1, -1\], but its entries must be distinct axes/,
    )
    expect(one({ opType: 'Softmax', attribute: [{ name: 'axis', type: INT, i: 5 }] }).message).toMatch(
      /Softmax node n: attribute axis is 5, but the input has rank 2/,
    )
  })

  it('refuses a float attribute that is NaN without printing NaN', () => {
    const { message } = failure(
      model([
        {
          name: 'a',
          opType: 'LeakyRelu',
          input: ['x'],
          output: ['y'],
          attribute: [{ name: 'alpha', type: FLOAT_ATTR, f: Number.NaN }],
        },
      ]),
    )
    expect(message).toMatch(
      /LeakyRelu node a: attribute alpha is a non-finite number, but it must be a finite number/,
    )
    expect(message).not.toMatch(/NaN/)
  })
})
