import { describe, expect, it } from 'vitest'
import { GraphBuilder } from './builder'
import { broadcastShapes, ShapeError } from './shape'

describe('GraphBuilder shape rules', () => {
  it('infers static shapes as values are added, with broadcasting', () => {
    const g = new GraphBuilder()
    const x = g.input([4, 3])
    const w = g.param('w', [3, 5])
    const b = g.param('b', [5])
    const y = g.add(g.matmul(x, w), b)
    expect(y.shape).toEqual([4, 5])
    expect(g.sum(y, -1, true).shape).toEqual([4, 1])
    expect(g.max(y).shape).toEqual([])
  })

  it('rejects a matmul whose inner dimensions differ and says which', () => {
    const g = new GraphBuilder()
    expect(() => g.matmul(g.input([4, 3]), g.input([5, 2]))).toThrow(
      'matmul inner dimensions differ: [4, 3] @ [5, 2] (3 columns vs 5 rows).',
    )
  })

  it('rejects shapes that do not broadcast, naming the dimension', () => {
    const g = new GraphBuilder()
    expect(() => g.add(g.input([3, 4]), g.input([5]))).toThrow(ShapeError)
    expect(() => broadcastShapes([3, 4], [5])).toThrow('dimension -1 is 4 in one and 5 in another')
  })

  it('rejects a conv2d weight with the wrong number of input channels and names both shapes', () => {
    const g = new GraphBuilder()
    expect(() => g.conv2d(g.input([1, 3, 8, 8]), g.input([4, 2, 3, 3]))).toThrow(
      'conv2d: weight [4, 2, 3, 3] expects 2 input channels (groups=1) but the input [1, 3, 8, 8] has 3.',
    )
  })

  it('rejects a kernel larger than the padded input', () => {
    const g = new GraphBuilder()
    expect(() => g.conv2d(g.input([1, 1, 2, 2]), g.input([1, 1, 3, 3]))).toThrow(/output would be 0x0/)
  })

  it('rejects pooling padding over half the kernel, as PyTorch does', () => {
    const g = new GraphBuilder()
    expect(() => g.maxPool2d(g.input([1, 1, 5, 5]), { kernel_size: 2, padding: 2 })).toThrow(
      /half the kernel size/,
    )
  })

  it('rejects max over an empty axis but sums one to zeros', () => {
    const g = new GraphBuilder()
    const x = g.input([3, 0])
    expect(() => g.max(x, 1)).toThrow(/size 0/)
    expect(g.sum(x, 1).shape).toEqual([3])
  })

  it('rejects mixed dtypes instead of promoting silently', () => {
    const g = new GraphBuilder()
    const ids = g.input([3], { dtype: 'i32' })
    expect(() => g.add(ids, g.input([3]))).toThrow(
      'add needs inputs of one dtype but got i32 and f32; cast one.',
    )
    expect(() => g.exp(ids)).toThrow('exp needs an f32 input but got i32; cast it first.')
    expect(g.add(ids, 1).dtype).toBe('i32')
  })

  it('prefixes shape errors with the scope they were raised in', () => {
    const g = new GraphBuilder()
    const x = g.input([2, 3])
    expect(() => g.withScope('block.0', () => g.withScope('proj', () => g.matmul(x, x)))).toThrow(
      /^block\.0\.proj: /,
    )
    const y = g.withScope('head', () => g.relu(x))
    expect(y.scope).toBe('head')
  })

  it('refuses two feeds with the same name', () => {
    const g = new GraphBuilder()
    g.param('w', [2])
    expect(() => g.input([2], { name: 'w' })).toThrow(/already has an input or param named 'w'/)
  })

  it('refuses values from another graph', () => {
    const g = new GraphBuilder()
    const h = new GraphBuilder()
    expect(() => g.neg(h.input([1]))).toThrow(/another graph/)
  })
})

describe('GraphBuilder PyTorch conveniences', () => {
  it('follows torch.matmul for 1-D operands', () => {
    const g = new GraphBuilder()
    expect(g.matmul(g.input([5]), g.input([5])).shape).toEqual([])
    expect(g.matmul(g.input([5]), g.input([3, 5, 2])).shape).toEqual([3, 2])
    expect(g.matmul(g.input([3, 4, 5]), g.input([5])).shape).toEqual([3, 4])
  })

  it('computes conv, transposed-conv and pooling output sizes as PyTorch does', () => {
    const g = new GraphBuilder()
    const x = g.input([2, 4, 9, 7])
    expect(g.conv2d(x, g.input([6, 2, 3, 3]), { stride: 2, padding: 1, groups: 2 }).shape).toEqual([
      2, 6, 5, 4,
    ])
    const up = g.convTranspose2d(x, g.input([4, 3, 3, 3]), { stride: 2, padding: 1, output_padding: 1 })
    expect(up.shape).toEqual([2, 3, 18, 14])
    expect(g.maxPool2d(x, { kernel_size: 2 }).shape).toEqual([2, 4, 4, 3])
    expect(g.maxPool2d(x, { kernel_size: 2, ceil_mode: true }).shape).toEqual([2, 4, 5, 4])
    expect(g.avgPool2d(x, { kernel_size: 3, stride: 2, padding: 1 }).shape).toEqual([2, 4, 5, 4])
  })

  it('resolves -1 in reshape and leaves no-op views out of the graph', () => {
    const g = new GraphBuilder()
    const x = g.input([3, 5, 7])
    expect(g.reshape(x, [-1, 7]).shape).toEqual([15, 7])
    const before = g.nodes.length
    expect(g.reshape(x, [3, 5, 7])).toBe(x)
    expect(g.permute(x, [0, 1, 2])).toBe(x)
    expect(g.expand(x, [3, 5, 7])).toBe(x)
    expect(g.cast(x, 'f32')).toBe(x)
    expect(g.nodes.length).toBe(before)
    expect(() => g.reshape(x, [4, -1])).toThrow('cannot reshape [3, 5, 7] (105 elements) into [4, -1].')
  })

  it('offers squeeze, unsqueeze, flatten, transpose and narrow with PyTorch axes', () => {
    const g = new GraphBuilder()
    const x = g.input([3, 1, 5, 7])
    expect(g.squeeze(x, 1).shape).toEqual([3, 5, 7])
    expect(() => g.squeeze(x, 0)).toThrow(/size 3, not 1/)
    expect(g.unsqueeze(x, -1).shape).toEqual([3, 1, 5, 7, 1])
    expect(g.flatten(x, 1).shape).toEqual([3, 35])
    expect(g.transpose(x, 0, -1).shape).toEqual([7, 1, 5, 3])
    expect(g.narrow(x, 2, 1, 3).shape).toEqual([3, 1, 3, 7])
  })

  it('keeps scalars of the other operand dtype when given plain numbers', () => {
    const g = new GraphBuilder()
    const x = g.input([2])
    const y = g.sub(1, x)
    expect(y.shape).toEqual([2])
    const one = g.nodes[y.inputs[0]!]!
    expect(one.op).toBe('full')
    expect(one.shape).toEqual([])
  })
})
