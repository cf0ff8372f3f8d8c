import { readFileSync } from 'node:fs'
import type { onnx } from 'onnx-proto'
import { describe, expect, it } from 'vitest'
import { ONNX } from '../proto'
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
