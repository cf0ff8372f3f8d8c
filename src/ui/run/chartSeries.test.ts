import { describe, expect, it } from 'vitest'
import { accuracyChart, alignSeries, learningRateChart, lossChart, thin } from './chartSeries'

const run = (label: string, n: number, offset = 0) => ({
  label,
  curve: {
    steps: Array.from({ length: n }, (_, i) => i + 1),
    losses: Array.from({ length: n }, (_, i) => 1 / (i + 1 + offset)),
  },
  validation: [{ epoch: 1, step: n, loss: 0.5, accuracy: 0.75 }],
})

describe('chart series', () => {
  it('aligns series on the union of their steps, null where a series has no point', () => {
    const data = alignSeries([
      { label: 'a', steps: [1, 3], values: [1, 3] },
      { label: 'b', steps: [2, 3], values: [20, 30] },
    ])
    expect(data.columns).toEqual([
      [1, 2, 3],
      [1, null, 3],
      [null, 20, 30],
    ])
  })

  it('drops what a log scale cannot draw: zero, negative, NaN and Inf', () => {
    const data = alignSeries([{ label: 'a', steps: [1, 2, 3, 4], values: [0, -1, Number.NaN, 2] }], true)
    expect(data.columns[1]).toEqual([null, null, null, 2])
  })

  it('thins a long curve to about the limit, keeping its last point', () => {
    const long = {
      label: 'a',
      steps: Array.from({ length: 10_001 }, (_, i) => i),
      values: new Array(10_001).fill(1),
    }
    const thinned = thin(long, 1000)
    expect(thinned.steps.length).toBeLessThanOrEqual(1001)
    expect(thinned.steps.at(-1)).toBe(10_000)
  })

  it('overlays earlier runs beside the current train and validation loss', () => {
    const data = lossChart(run('now', 5), [run('0.1.0', 8, 1)], true)
    expect(data.labels).toEqual(['train loss', 'validation loss', '0.1.0 train loss'])
    expect(data.columns[0]).toHaveLength(8)
    expect(data.columns[2]![4]).toBe(0.5)
    expect(data.columns[3]![7]).toBe(1 / 9)
  })

  it('plots validation accuracy in percent, and the constant learning rate as two points over the run', () => {
    expect(accuracyChart(run('now', 4), []).columns).toEqual([[4], [75]])
    expect(learningRateChart(300, 0.01).columns).toEqual([
      [1, 300],
      [0.01, 0.01],
    ])
    expect(learningRateChart(0, null).columns).toEqual([[], []])
  })
})
