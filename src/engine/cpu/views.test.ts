import { describe, expect, it } from 'vitest'
import { GraphBuilder } from '../ir/builder'
import { planLoop, planViews, reshapeStrides } from './views'

describe('reshapeStrides (PyTorch view rules)', () => {
  it('gives row-major strides for a contiguous tensor', () => {
    expect(reshapeStrides([2, 3, 4], [12, 4, 1], [6, 4])).toEqual([4, 1])
    expect(reshapeStrides([2, 3, 4], [12, 4, 1], [2, 1, 12])).toEqual([12, 12, 1])
  })

  it('splits and keeps the dimensions of a transposed tensor that stay contiguous', () => {
    // [3, 4] transposed from [4, 3]: strides [1, 3]
    expect(reshapeStrides([3, 4], [1, 3], [3, 2, 2])).toEqual([1, 6, 3])
    expect(reshapeStrides([3, 4], [1, 3], [1, 3, 4, 1])).toEqual([3, 1, 3, 3])
  })

  it('refuses to merge dimensions that are not contiguous with each other', () => {
    expect(reshapeStrides([3, 4], [1, 3], [12])).toBeUndefined()
    expect(reshapeStrides([2, 3, 4], [12, 1, 3], [2, 12])).toBeUndefined()
  })
})

describe('planViews', () => {
  it('collapses permute, slice and expand chains onto their base', () => {
    const g = new GraphBuilder()
    const x = g.input([4, 5], { name: 'x' })
    const t = g.permute(g.permute(x, [1, 0]), [1, 0])
    const s = g.slice(g.transpose(x, 0, 1), [1, 2], [4, 4])
    const e = g.expand(g.reshape(g.slice(x, [0, 1], [4, 2]), [4, 1]), [3, 4, 6])
    const views = planViews(g)
    expect(views[t.id]).toEqual({ base: x.id, offset: 0, shape: [4, 5], strides: [5, 1] })
    expect(views[s.id]).toEqual({ base: x.id, offset: 1 + 2 * 5, shape: [3, 2], strides: [1, 5] })
    expect(views[e.id]).toEqual({ base: x.id, offset: 1, shape: [3, 4, 6], strides: [0, 5, 0] })
  })

  it('makes a value of its own of a reshape no strides express', () => {
    const g = new GraphBuilder()
    const flat = g.reshape(g.transpose(g.input([4, 5], { name: 'x' }), 0, 1), [20])
    expect(planViews(g)[flat.id]).toEqual({ base: flat.id, offset: 0, shape: [20], strides: [1] })
  })
})

describe('planLoop', () => {
  it('walks operands laid out alike as one run', () => {
    const loop = planLoop(
      [2, 3, 4],
      [
        { strides: [12, 4, 1], offset: 0 },
        { strides: [12, 4, 1], offset: 7 },
      ],
    )
    expect(loop).toMatchObject({ rows: 1, inner: 24, innerStrides: [1, 1] })
    expect(Array.from(loop.offsets[1]!)).toEqual([7])
  })

  it('keeps a broadcast axis apart and merges the rest', () => {
    // out [2, 3, 4]; a bias of 3 channels broadcast over the batch and the last axis
    const loop = planLoop(
      [2, 3, 4],
      [
        { strides: [12, 4, 1], offset: 0 },
        { strides: [0, 1, 0], offset: 0 },
      ],
    )
    expect(loop).toMatchObject({ rows: 6, inner: 4, innerStrides: [1, 0] })
    expect(Array.from(loop.offsets[0]!)).toEqual([0, 4, 8, 12, 16, 20])
    expect(Array.from(loop.offsets[1]!)).toEqual([0, 1, 2, 0, 1, 2])
  })
})
