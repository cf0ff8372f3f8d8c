import { describe, expect, it } from 'vitest'
import { issueOf, runLayer, shapeOf } from '../layerTesting'

describe('flatten', () => {
  it('merges all but the batch dim by default', () => {
    expect(shapeOf(runLayer('flatten', [['N', 16, 7, 7]]))).toEqual(['N', 784])
  })

  it('merges a chosen range, negative dims included', () => {
    expect(shapeOf(runLayer('flatten', [['N', 2, 3, 4, 5]], { start_dim: 2, end_dim: -2 }))).toEqual([
      'N',
      2,
      12,
      5,
    ])
  })

  it('writes a product with symbolic dims and folds the batch with start_dim 0', () => {
    expect(shapeOf(runLayer('flatten', [['N', 'T', 4, 3]]))).toEqual(['N', '12*T'])
    expect(shapeOf(runLayer('flatten', [['N', 1]], { start_dim: 0 }))).toEqual(['N'])
  })

  it('carries int ids through as int', () => {
    expect(runLayer('flatten', [['N', 2, 3]], {}, ['int']).result).toMatchObject({ dtypes: ['int'] })
  })

  it('rejects dims out of range or reversed and offers start_dim 1', () => {
    const issue = issueOf(runLayer('flatten', [['N', 3]], { start_dim: 2 }))
    expect(issue).toMatchObject({ port: 'x', fix: { param: 'start_dim', value: 1 } })
    expect(issueOf(runLayer('flatten', [['N', 3, 4]], { start_dim: 2, end_dim: 1 })).message).toMatch(
      /Cannot flatten dims 2..1/,
    )
  })
})

describe('reshape', () => {
  it('keeps the batch dim and infers -1', () => {
    expect(shapeOf(runLayer('reshape', [['N', 784]], { shape: [1, 28, -1] }))).toEqual(['N', 1, 28, 28])
  })

  it('maps to a bare [N] with an empty shape', () => {
    expect(shapeOf(runLayer('reshape', [['N', 1]], { shape: [] }))).toEqual(['N'])
  })

  it('infers -1 over symbolic dims as an expression', () => {
    expect(shapeOf(runLayer('reshape', [['N', 'T', 12]], { shape: [-1, 4] }))).toEqual(['N', '3*T', 4])
    expect(shapeOf(runLayer('reshape', [['N', 'T', 6]], { shape: [-1, 4] }))).toEqual(['N', '(6*T)/4', 4])
  })

  it('rejects an element count that does not divide and offers a shape that fits', () => {
    const issue = issueOf(runLayer('reshape', [['N', 30]], { shape: [-1, 4] }))
    expect(issue.port).toBe('x')
    expect(issue.message).toMatch(/Cannot reshape \[N, 30\] \(30 elements per sample\) to \[N, -1, 4\]/)
    expect(issue.expected).toBe('elements per sample divisible by 4')
    expect(issue.fix).toMatchObject({ kind: 'setParam', param: 'shape', value: [-1] })
  })

  it('rejects a count that differs and offers -1 in the first place that fits', () => {
    const issue = issueOf(runLayer('reshape', [['N', 24]], { shape: [5, 4] }))
    expect(issue.expected).toBe('20 elements per sample')
    expect(issue.fix).toMatchObject({ value: [-1, 4] })
  })

  it('rejects two -1 entries or a 0', () => {
    expect(issueOf(runLayer('reshape', [['N', 24]], { shape: [-1, -1] })).message).toMatch(/one -1/)
    expect(issueOf(runLayer('reshape', [['N', 24]], { shape: [0, 24] })).message).toMatch(/no 0/)
  })
})

describe('permute', () => {
  it('reorders dims, batch included', () => {
    expect(shapeOf(runLayer('permute', [['N', 'T', 8]], { dims: [0, 2, 1] }))).toEqual(['N', 8, 'T'])
  })

  it('rejects dims that are no permutation of the input rank', () => {
    const issue = issueOf(runLayer('permute', [['N', 3, 4, 5]], { dims: [0, 2, 1] }))
    expect(issue).toMatchObject({ port: 'x', expected: 'a permutation of 0..3', actual: '[N, 3, 4, 5]' })
    expect(issueOf(runLayer('permute', [['N', 3, 4]], { dims: [0, 1, 1] })).message).toMatch(
      /not a permutation/,
    )
  })
})

describe('upsample', () => {
  it('scales spatial dims by floor(size * scale_factor)', () => {
    expect(shapeOf(runLayer('upsample', [['N', 3, 5, 7]], { scale_factor: 1.5, mode: 'bilinear' }))).toEqual([
      'N',
      3,
      7,
      10,
    ])
    expect(shapeOf(runLayer('upsample', [['N', 3, 'H', 7]], { scale_factor: 2 }))).toEqual([
      'N',
      3,
      'H*2',
      14,
    ])
  })

  it('resizes to size, one entry applying to every spatial dim', () => {
    expect(shapeOf(runLayer('upsample', [['N', 2, 3, 5]], { size: [4] }))).toEqual(['N', 2, 4, 4])
    expect(shapeOf(runLayer('upsample', [['N', 2, 3, 5]], { size: [4, 6] }))).toEqual(['N', 2, 4, 6])
  })

  it('requires exactly one of size and scale_factor', () => {
    expect(issueOf(runLayer('upsample', [['N', 2, 3, 5]])).fix).toMatchObject({
      param: 'scale_factor',
      value: 2,
    })
    const both = issueOf(runLayer('upsample', [['N', 2, 3, 5]], { size: [4], scale_factor: 2 }))
    expect(both.message).toMatch(/only one/)
  })

  it('checks the input rank against the mode', () => {
    const issue = issueOf(runLayer('upsample', [['N', 2, 3]], { scale_factor: 2, mode: 'bilinear' }))
    expect(issue).toMatchObject({ port: 'x', expected: '4-D [N, C, ...]' })
    expect(shapeOf(runLayer('upsample', [['N', 2, 3]], { scale_factor: 2, mode: 'linear' }))).toEqual([
      'N',
      2,
      6,
    ])
  })

  it('rejects align_corners with nearest, a size of the wrong length and an empty output', () => {
    expect(
      issueOf(runLayer('upsample', [['N', 2, 3, 3]], { scale_factor: 2, align_corners: true })).fix,
    ).toMatchObject({
      param: 'align_corners',
      value: false,
    })
    expect(issueOf(runLayer('upsample', [['N', 2, 3, 3]], { size: [1, 2, 3] })).message).toMatch(
      /1 or 2 entries/,
    )
    expect(issueOf(runLayer('upsample', [['N', 2, 3, 3]], { scale_factor: 0.1 })).message).toMatch(
      /empty output/,
    )
  })
})
