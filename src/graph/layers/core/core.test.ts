import { describe, expect, it } from 'vitest'
import { issueOf, runLayer, shapeOf } from '../layerTesting'

describe('dense', () => {
  it('maps [N, in_features] to [N, out_features] and counts W and b', () => {
    const ev = runLayer('dense', [['N', 784]], { in_features: 784, out_features: 10 })
    expect(shapeOf(ev)).toEqual(['N', 10])
    expect(ev.paramCount).toBe(7850)
    expect(ev.flops).toBe(2 * 784 * 10)
  })

  it('applies over the last dim of a sequence [N, T, F], counting FLOPs per step', () => {
    const ev = runLayer('dense', [['N', 5, 8]], { in_features: 8, out_features: 3, bias: false })
    expect(shapeOf(ev)).toEqual(['N', 5, 3])
    expect(ev.paramCount).toBe(24)
    expect(ev.flops).toBe(2 * 5 * 8 * 3)
  })

  it('passes symbolic dims through, checking only known sizes', () => {
    expect(shapeOf(runLayer('dense', [['N', 'T', 'F']], { in_features: 4, out_features: 2 }))).toEqual([
      'N',
      'T',
      2,
    ])
  })

  it('rejects a Dense layer fed a 4-D tensor and suggests Flatten', () => {
    const issue = issueOf(runLayer('dense', [['N', 1, 28, 28]], { in_features: 28, out_features: 10 }))
    expect(issue).toMatchObject({ port: 'x', actual: '[N, 1, 28, 28]', expected: '[N, in_features]' })
    expect(issue.fix).toMatchObject({ kind: 'insertLayer', layer: 'flatten' })
  })

  it('rejects a wrong in_features and offers to set it to the actual size', () => {
    const issue = issueOf(runLayer('dense', [['N', 20]], { in_features: 16, out_features: 4 }))
    expect(issue.port).toBe('x')
    expect(issue.message).toMatch(/in_features is 16 but the input has 20/)
    expect(issue.fix).toEqual({
      kind: 'setParam',
      param: 'in_features',
      value: 20,
      label: 'set in_features to 20',
    })
  })

  it('rejects an input with no feature dim and an unconnected input', () => {
    expect(issueOf(runLayer('dense', [['N']], { in_features: 1 })).port).toBe('x')
    expect(issueOf(runLayer('dense', [], {})).message).toMatch(/not connected/)
  })
})

describe('dropout', () => {
  it('keeps the shape and has no params', () => {
    const ev = runLayer('dropout', [['N', 'T', 7]], { p: 0.1 })
    expect(shapeOf(ev)).toEqual(['N', 'T', 7])
    expect(ev.paramCount).toBe(0)
  })

  it('rejects p outside [0, 1] through its schema', () => {
    expect(issueOf(runLayer('dropout', [['N', 3]], { p: 1.5 })).message).toMatch(/Invalid params: p/)
  })
})
