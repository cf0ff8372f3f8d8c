import { describe, expect, it } from 'vitest'
import { issueOf, runLayer, shapeOf } from '../layerTesting'

const ELEMENTWISE = ['relu', 'leakyRelu', 'gelu', 'silu', 'sigmoid', 'tanh', 'softmax', 'logSoftmax']

describe('activations', () => {
  it.each(ELEMENTWISE)('%s keeps the shape, symbolic dims included, with no params', (type) => {
    const ev = runLayer(type, [['N', 'T', 8]])
    expect(shapeOf(ev)).toEqual(['N', 'T', 8])
    expect(ev.paramCount).toBe(0)
    expect(ev.flops).toBeGreaterThanOrEqual(8)
  })

  it.each(ELEMENTWISE)('%s reports an unconnected input on port x', (type) => {
    expect(issueOf(runLayer(type, []))).toMatchObject({ port: 'x', message: 'Input x is not connected.' })
  })

  it('takes PyTorch defaults for negative_slope and approximate', () => {
    expect(runLayer('leakyRelu', [['N', 2]], { negative_slope: 0.2 }).result.ok).toBe(true)
    expect(issueOf(runLayer('gelu', [['N', 2]], { approximate: 'fast' })).message).toMatch(/Invalid params/)
  })

  it('rejects a softmax dim out of range and offers -1', () => {
    const issue = issueOf(runLayer('softmax', [['N', 10]], { dim: 2 }))
    expect(issue).toMatchObject({ port: 'x', expected: 'dim in [-2, 1]', fix: { param: 'dim', value: -1 } })
    expect(shapeOf(runLayer('logSoftmax', [['N', 3, 4]], { dim: -3 }))).toEqual(['N', 3, 4])
  })
})
