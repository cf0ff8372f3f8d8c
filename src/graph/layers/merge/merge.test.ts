import { describe, expect, it } from 'vitest'
import { issueOf, runLayer, shapeOf } from '../layerTesting'

describe('concat', () => {
  it('joins along dim 1 by default, summing that dim', () => {
    expect(
      shapeOf(
        runLayer('concat', [
          ['N', 3, 4],
          ['N', 5, 4],
          ['N', 1, 4],
        ]),
      ),
    ).toEqual(['N', 9, 4])
  })

  it('joins along a negative dim and sums symbolic sizes', () => {
    expect(
      shapeOf(
        runLayer(
          'concat',
          [
            ['N', 'T', 4],
            ['N', 'T', 2],
          ],
          { dim: -1 },
        ),
      ),
    ).toEqual(['N', 'T', 6])
    expect(
      shapeOf(
        runLayer('concat', [
          ['N', 'T', 4],
          ['N', 'S', 4],
          ['N', 2, 4],
        ]),
      ),
    ).toEqual(['N', 'T+S+2', 4])
  })

  it('takes a known size over a symbolic one on the other dims', () => {
    expect(
      shapeOf(
        runLayer('concat', [
          ['N', 3, 'W'],
          ['N', 5, 4],
        ]),
      ),
    ).toEqual(['N', 8, 4])
  })

  it('rejects a mismatch on a non-concat dim, naming the port and both shapes', () => {
    const issue = issueOf(
      runLayer(
        'concat',
        [
          ['N', 3, 4],
          ['N', 3, 5],
        ],
        { dim: 1 },
      ),
    )
    expect(issue.port).toBe('in1')
    expect(issue.message).toMatch(/in0 \[N, 3, 4\] and in1 \[N, 3, 5\] differ in dim 2/)
    expect(issue.fix).toMatchObject({ kind: 'setParam', param: 'dim', value: 2 })
  })

  it('rejects unequal ranks and an out-of-range dim', () => {
    expect(
      issueOf(
        runLayer('concat', [
          ['N', 3],
          ['N', 3, 4],
        ]),
      ),
    ).toMatchObject({ port: 'in1', expected: '2-D' })
    expect(
      issueOf(
        runLayer(
          'concat',
          [
            ['N', 3],
            ['N', 3],
          ],
          { dim: 2 },
        ),
      ).fix,
    ).toMatchObject({ value: -1 })
  })

  it('needs at least two inputs', () => {
    expect(issueOf(runLayer('concat', [['N', 3]]))).toMatchObject({ port: 'in1' })
  })
})

describe('add and multiply', () => {
  it('broadcast like PyTorch', () => {
    expect(
      shapeOf(
        runLayer('add', [
          ['N', 3, 1],
          ['N', 1, 4],
        ]),
      ),
    ).toEqual(['N', 3, 4])
    expect(
      shapeOf(
        runLayer('multiply', [
          ['N', 8, 4, 4],
          [8, 1, 1],
        ]),
      ),
    ).toEqual(['N', 8, 4, 4])
    expect(
      shapeOf(
        runLayer('add', [
          ['N', 6],
          ['N', 6],
          ['N', 6],
        ]),
      ),
    ).toEqual(['N', 6])
  })

  it('count one FLOP per output element per extra input', () => {
    expect(
      runLayer('add', [
        ['N', 6],
        ['N', 6],
        ['N', 6],
      ]).flops,
    ).toBe(12)
  })

  it('resolve a symbolic dim against a known one and keep it against 1', () => {
    expect(
      shapeOf(
        runLayer('add', [
          ['N', 'T', 4],
          ['N', 1, 4],
        ]),
      ),
    ).toEqual(['N', 'T', 4])
    expect(
      shapeOf(
        runLayer('add', [
          ['N', 'T', 4],
          ['N', 5, 4],
        ]),
      ),
    ).toEqual(['N', 5, 4])
  })

  it('reject unbroadcastable shapes, naming both shapes and the port', () => {
    const issue = issueOf(
      runLayer('add', [
        ['N', 3, 4],
        ['N', 3, 5],
      ]),
    )
    expect(issue.port).toBe('in1')
    expect(issue.message).toMatch(/in0 \[N, 3, 4\] with in1 \[N, 3, 5\]/)
    const third = issueOf(
      runLayer('multiply', [
        ['N', 3, 1],
        ['N', 1, 4],
        ['N', 2, 4],
      ]),
    )
    expect(third.port).toBe('in2')
    expect(third.message).toMatch(/the broadcast of in0..in1 \[N, 3, 4\] with in2 \[N, 2, 4\]/)
  })
})
