import { describe, expect, it } from 'vitest'
import { issueOf, runLayer, shapeOf } from '../layerTesting'

describe('crossEntropy', () => {
  it('takes logits [N, C] and class indices [N] to a scalar', () => {
    expect(shapeOf(runLayer('crossEntropy', [['N', 10], ['N']], {}, ['float', 'int']))).toEqual([])
  })

  it("keeps [N, d1, ...] with reduction 'none'", () => {
    const ev = runLayer(
      'crossEntropy',
      [
        ['N', 5, 3, 4],
        ['N', 3, 4],
      ],
      { reduction: 'none' },
      ['float', 'int'],
    )
    expect(shapeOf(ev)).toEqual(['N', 3, 4])
  })

  it('accepts float class probabilities shaped like the input', () => {
    expect(
      shapeOf(
        runLayer(
          'crossEntropy',
          [
            ['N', 5],
            ['N', 5],
          ],
          { reduction: 'none' },
          ['float', 'float'],
        ),
      ),
    ).toEqual(['N'])
    // without dtypes the rank decides
    expect(
      runLayer('crossEntropy', [
        ['N', 5],
        ['N', 5],
      ]).result.ok,
    ).toBe(true)
  })

  it('rejects an [N, 1] index target and offers a Reshape to [N]', () => {
    const issue = issueOf(
      runLayer(
        'crossEntropy',
        [
          ['N', 10],
          ['N', 1],
        ],
        {},
        ['float', 'int'],
      ),
    )
    expect(issue).toMatchObject({ port: 'target', expected: '[N]', actual: '[N, 1]' })
    expect(issue.fix).toMatchObject({ kind: 'insertLayer', layer: 'reshape', params: { shape: [] } })
  })

  it('rejects probabilities of the wrong shape and 1-D logits', () => {
    const issue = issueOf(
      runLayer(
        'crossEntropy',
        [
          ['N', 10],
          ['N', 9],
        ],
        {},
        ['float', 'float'],
      ),
    )
    expect(issue).toMatchObject({ port: 'target', expected: '[N, 10]' })
    expect(issueOf(runLayer('crossEntropy', [['N'], ['N']])).port).toBe('input')
  })

  it('reports a missing target on its port', () => {
    expect(issueOf(runLayer('crossEntropy', [['N', 10]]))).toMatchObject({ port: 'target' })
  })

  it('validates label_smoothing in [0, 1]', () => {
    expect(issueOf(runLayer('crossEntropy', [['N', 3], ['N']], { label_smoothing: 2 })).message).toMatch(
      /Invalid/,
    )
  })
})

describe('pointwise losses', () => {
  const TYPES = ['mseLoss', 'l1Loss', 'bceWithLogitsLoss', 'huberLoss']

  it.each(TYPES)("%s reduces to [] and keeps the input shape with 'none'", (type) => {
    expect(
      shapeOf(
        runLayer(type, [
          ['N', 3],
          ['N', 3],
        ]),
      ),
    ).toEqual([])
    expect(
      shapeOf(
        runLayer(
          type,
          [
            ['N', 3],
            ['N', 3],
          ],
          { reduction: 'none' },
        ),
      ),
    ).toEqual(['N', 3])
    expect(
      runLayer(type, [
        ['N', 3],
        ['N', 3],
      ]).paramCount,
    ).toBe(0)
  })

  it.each(TYPES)('%s rejects a target of another shape and offers a Reshape when counts agree', (type) => {
    const issue = issueOf(runLayer(type, [['N', 1], ['N']]))
    expect(issue).toMatchObject({ port: 'target', expected: '[N, 1]', actual: '[N]' })
    expect(issue.fix).toMatchObject({ kind: 'insertLayer', layer: 'reshape', params: { shape: [1] } })
    expect(
      issueOf(
        runLayer(type, [
          ['N', 3],
          ['N', 4],
        ]),
      ).fix,
    ).toBeUndefined()
  })

  it('rejects a non-positive Huber delta', () => {
    expect(
      issueOf(
        runLayer(
          'huberLoss',
          [
            ['N', 3],
            ['N', 3],
          ],
          { delta: 0 },
        ),
      ).fix,
    ).toMatchObject({
      param: 'delta',
      value: 1,
    })
  })
})
