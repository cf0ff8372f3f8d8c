import { describe, expect, it } from 'vitest'
import { issueOf, runLayer, shapeOf } from '../layerTesting'

describe('batchNorm1d', () => {
  it('keeps [N, C] and [N, C, L] and counts scale and shift', () => {
    expect(shapeOf(runLayer('batchNorm1d', [['N', 10]], { num_features: 10 }))).toEqual(['N', 10])
    const ev = runLayer('batchNorm1d', [['N', 6, 'L']], { num_features: 6 })
    expect(shapeOf(ev)).toEqual(['N', 6, 'L'])
    expect(ev.paramCount).toBe(12)
  })

  it('counts nothing without affine (running stats are buffers)', () => {
    expect(runLayer('batchNorm1d', [['N', 6]], { num_features: 6, affine: false }).paramCount).toBe(0)
  })

  it('rejects a wrong num_features with a fix, and a 4-D input', () => {
    const issue = issueOf(runLayer('batchNorm1d', [['N', 7]], { num_features: 6 }))
    expect(issue.fix).toEqual({
      kind: 'setParam',
      param: 'num_features',
      value: 7,
      label: 'set num_features to 7',
    })
    expect(issueOf(runLayer('batchNorm1d', [['N', 6, 2, 2]], { num_features: 6 })).expected).toBe(
      '[N, C] or [N, C, L]',
    )
  })

  it('accepts momentum null (cumulative average)', () => {
    expect(runLayer('batchNorm1d', [['N', 2]], { num_features: 2, momentum: null }).result.ok).toBe(true)
  })
})

describe('batchNorm2d', () => {
  it('keeps [N, C, H, W]', () => {
    const ev = runLayer('batchNorm2d', [['N', 16, 4, 4]], { num_features: 16 })
    expect(shapeOf(ev)).toEqual(['N', 16, 4, 4])
    expect(ev.paramCount).toBe(32)
  })

  it('rejects [N, C] and a wrong channel count', () => {
    expect(issueOf(runLayer('batchNorm2d', [['N', 16]], { num_features: 16 }))).toMatchObject({
      port: 'x',
      expected: '[N, C, H, W]',
    })
    expect(issueOf(runLayer('batchNorm2d', [['N', 3, 4, 4]], { num_features: 16 })).fix).toMatchObject({
      value: 3,
    })
  })
})

describe('layerNorm', () => {
  it('normalises over trailing dims and counts weight and bias', () => {
    const ev = runLayer('layerNorm', [['N', 'T', 32]], { normalized_shape: [32] })
    expect(shapeOf(ev)).toEqual(['N', 'T', 32])
    expect(ev.paramCount).toBe(64)
  })

  it('counts weight only without bias, nothing without elementwise_affine', () => {
    expect(runLayer('layerNorm', [['N', 4, 6]], { normalized_shape: [4, 6], bias: false }).paramCount).toBe(
      24,
    )
    const off = { normalized_shape: [4, 6], elementwise_affine: false }
    expect(runLayer('layerNorm', [['N', 4, 6]], off).paramCount).toBe(0)
  })

  it('rejects a mismatched normalized_shape and offers the input tail', () => {
    const issue = issueOf(runLayer('layerNorm', [['N', 3, 5, 7]], { normalized_shape: [5, 8] }))
    expect(issue).toMatchObject({ port: 'x', expected: '[N, ..., 5, 8]', actual: '[N, 3, 5, 7]' })
    expect(issue.fix).toMatchObject({ kind: 'setParam', param: 'normalized_shape', value: [5, 7] })
  })

  it('rejects a normalized_shape longer than a sample', () => {
    expect(issueOf(runLayer('layerNorm', [['N', 7]], { normalized_shape: [5, 7] })).message).toMatch(
      /needs at least 3 dims/,
    )
  })

  it('checks only known sizes', () => {
    expect(shapeOf(runLayer('layerNorm', [['N', 'D']], { normalized_shape: [64] }))).toEqual(['N', 'D'])
  })
})
