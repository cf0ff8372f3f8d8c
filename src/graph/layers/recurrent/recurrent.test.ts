import { describe, expect, it } from 'vitest'
import { issueOf, runLayer, shapeOf } from '../layerTesting'

describe('lstm', () => {
  it('maps [N, T, input_size] to the output sequence [N, T, hidden_size]', () => {
    const ev = runLayer('lstm', [['N', 'T', 10]], { input_size: 10, hidden_size: 20 })
    expect(shapeOf(ev)).toEqual(['N', 'T', 20])
    expect(ev.paramCount).toBe(4 * 20 * (10 + 20) + 2 * 4 * 20)
  })

  it('doubles features when bidirectional and stacks layers on D·hidden inputs', () => {
    const ev = runLayer('lstm', [['N', 4, 7]], {
      input_size: 7,
      hidden_size: 13,
      num_layers: 2,
      bidirectional: true,
    })
    expect(shapeOf(ev)).toEqual(['N', 4, 26])
    const layer0 = 4 * 13 * (7 + 13) + 8 * 13
    const layer1 = 4 * 13 * (26 + 13) + 8 * 13
    expect(ev.paramCount).toBe(2 * (layer0 + layer1))
  })

  it('outputs proj_size features when projecting', () => {
    const p = { input_size: 6, hidden_size: 10, proj_size: 4 }
    expect(shapeOf(runLayer('lstm', [['N', 3, 6]], p))).toEqual(['N', 3, 4])
  })

  it('rejects proj_size not below hidden_size', () => {
    const issue = issueOf(runLayer('lstm', [['N', 3, 6]], { input_size: 6, hidden_size: 4, proj_size: 4 }))
    expect(issue.fix).toMatchObject({ param: 'proj_size', value: 0 })
  })

  it('rejects a wrong input_size with a fix', () => {
    const issue = issueOf(runLayer('lstm', [['N', 5, 12]], { input_size: 10, hidden_size: 20 }))
    expect(issue.port).toBe('x')
    expect(issue.fix).toEqual({
      kind: 'setParam',
      param: 'input_size',
      value: 12,
      label: 'set input_size to 12',
    })
  })

  it('rejects a 2-D input as expecting [N, T, input_size] and suggests a Reshape to one step', () => {
    const issue = issueOf(runLayer('lstm', [['N', 10]], { input_size: 10, hidden_size: 20 }))
    expect(issue).toMatchObject({ port: 'x', expected: '[N, T, input_size]' })
    expect(issue.fix).toMatchObject({ kind: 'insertLayer', layer: 'reshape', params: { shape: [-1, 10] } })
  })

  it('counts FLOPs per known time step', () => {
    const one = runLayer('lstm', [['N', 1, 10]], { input_size: 10, hidden_size: 20 }).flops!
    expect(runLayer('lstm', [['N', 5, 10]], { input_size: 10, hidden_size: 20 }).flops).toBe(5 * one)
    expect(one).toBeGreaterThan(2 * 4 * 20 * 30)
  })
})

describe('gru', () => {
  it('uses three gates', () => {
    const ev = runLayer('gru', [['N', 5, 10]], { input_size: 10, hidden_size: 20 })
    expect(shapeOf(ev)).toEqual(['N', 5, 20])
    expect(ev.paramCount).toBe(3 * 20 * 30 + 6 * 20)
  })

  it('drops biases with bias false and doubles output when bidirectional', () => {
    const p = { input_size: 7, hidden_size: 13, bidirectional: true, bias: false }
    const ev = runLayer('gru', [['N', 4, 7]], p)
    expect(shapeOf(ev)).toEqual(['N', 4, 26])
    expect(ev.paramCount).toBe(2 * 3 * 13 * 20)
  })

  it('has no proj_size param', () => {
    expect(issueOf(runLayer('gru', [['N', 4, 7]], { input_size: 7, proj_size: 2 })).message).toMatch(
      /Invalid params/,
    )
  })
})
