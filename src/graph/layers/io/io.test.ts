import { describe, expect, it } from 'vitest'
import { issueOf, runLayer, shapeOf } from '../layerTesting'

describe('input', () => {
  it('puts the symbolic batch dim in front of the sample shape', () => {
    expect(shapeOf(runLayer('input', [], { shape: [1, 28, 28] }))).toEqual(['N', 1, 28, 28])
  })

  it('reports int output for int64 ids and float (no dtype) otherwise', () => {
    expect(runLayer('input', [], { shape: [12], dtype: 'int64' }).result).toEqual({
      ok: true,
      outputs: [['N', 12]],
      dtypes: ['int'],
    })
    expect(runLayer('input', [], { shape: [12] }).result).toEqual({ ok: true, outputs: [['N', 12]] })
  })

  it('rejects an empty or non-positive shape', () => {
    expect(issueOf(runLayer('input', [], { shape: [] })).message).toMatch(/at least one positive/)
    expect(issueOf(runLayer('input', [], { shape: [3, 0] })).message).toMatch(/positive/)
  })

  it('has no params and no FLOPs', () => {
    const ev = runLayer('input', [], { shape: [4] })
    expect([ev.paramCount, ev.flops]).toEqual([0, 0])
  })
})
