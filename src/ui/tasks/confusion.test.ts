import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cell, confusionMatrix, largestCount, mistakesFirst } from './confusion'

describe('the confusion matrix', () => {
  it('counts true classes in rows and predictions in columns', () => {
    const m = confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)
    expect(cell(m, 0, 0)).toBe(1)
    expect(cell(m, 0, 1)).toBe(1)
    expect(cell(m, 2, 0)).toBe(1)
    expect(cell(m, 2, 2)).toBe(2)
    expect(m.correct).toBe(4)
    expect(m.total).toBe(6)
    expect(largestCount(m)).toBe(2)
  })

  it('counts a NaN row (predicted -1) in the total but in no cell', () => {
    const m = confusionMatrix([0, 1], [0, -1], 2)
    expect(m.total).toBe(2)
    expect(m.counts.reduce((a, b) => a + b, 0)).toBe(1)
  })

  it('always has cells adding up to the valid rows and a diagonal equal to the correct ones', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(4), fc.nat(4)), { maxLength: 200 }), (pairs) => {
        const m = confusionMatrix(
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
          5,
        )
        let diagonal = 0
        for (let k = 0; k < 5; k++) diagonal += cell(m, k, k)
        expect(m.counts.reduce((a, b) => a + b, 0)).toBe(pairs.length)
        expect(diagonal).toBe(pairs.filter(([t, p]) => t === p).length)
      }),
    )
  })

  it('refuses labels and predictions of different lengths', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow(/2 true labels but 1 predictions/)
  })
})

describe('ordering held-out samples', () => {
  it('puts mistakes first, the most confident mistake leading, then the least confident right answers', () => {
    const truth = [0, 1, 2, 3, 4]
    const predicted = [0, 0, 2, 1, 4]
    const confidence = [0.9, 0.6, 0.4, 0.95, 0.7]
    expect(mistakesFirst(truth, predicted, confidence, 10)).toEqual([3, 1, 2, 4, 0])
  })

  it('keeps at most the limit', () => {
    expect(mistakesFirst([0, 1, 2], [0, 1, 2], [1, 1, 1], 2)).toHaveLength(2)
  })
})
