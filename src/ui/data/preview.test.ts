import { describe, expect, it } from 'vitest'
import { createDataset } from '../../engine/data/dataset'
import { iris } from '../../engine/data/iris'
import { sine, spirals } from '../../engine/data/synthetic'
import { describeDataset, GRID_IMAGES, MAX_SCATTER_POINTS, previewOf, TABLE_ROWS } from './preview'

describe('the data preview', () => {
  it('draws 2-D points as a scatter coloured by class, thinned to at most MAX_SCATTER_POINTS', () => {
    const data = spirals()
    const p = previewOf(data)
    if (p.kind !== 'scatter') throw new Error(p.kind)
    expect(p.xs.length).toBe(Math.min(data.size, MAX_SCATTER_POINTS))
    expect(p.xs[1]).toBe(data.features[2])
    expect(p.ys[1]).toBe(data.features[3])
    expect(new Set(p.classes)).toEqual(new Set([0, 1]))
  })

  it('draws one input against its target for regression, with no classes', () => {
    const p = previewOf(sine())
    expect(p.kind).toBe('scatter')
    if (p.kind === 'scatter') expect(p.classes).toBeNull()
  })

  it('shows image samples as a grid with their class names', () => {
    const n = 40
    const features = Float32Array.from({ length: n * 4 * 3 }, (_, i) => (i % 12) / 12)
    const ids = Int32Array.from({ length: n }, (_, i) => i % 3)
    const data = createDataset({
      name: 'tiny',
      features,
      sampleShape: [1, 4, 3],
      labels: { kind: 'classes', ids, numClasses: 3, classNames: ['a', 'b', 'c'] },
    })
    const p = previewOf(data)
    if (p.kind !== 'images') throw new Error(p.kind)
    expect([p.height, p.width]).toEqual([4, 3])
    expect(p.images).toHaveLength(GRID_IMAGES)
    expect(p.images[1]![0]).toBe(features[12])
    expect(p.labels.slice(0, 4)).toEqual(['a', 'b', 'c', 'a'])
  })

  it('shows tabular data as its first rows under the column names, label last', () => {
    const p = previewOf(iris())
    if (p.kind !== 'table') throw new Error(p.kind)
    expect(p.columns).toHaveLength(5)
    expect(p.columns.at(-1)).toBe('label')
    expect(p.rows).toHaveLength(TABLE_ROWS)
    expect(p.rows[0]).toHaveLength(5)
  })

  it('sums a dataset up in one line', () => {
    expect(describeDataset(iris())).toMatch(/^150 samples of \[4\] · 3 classes \(setosa/)
    expect(describeDataset(iris(), 1000)).toMatch(/^1000 samples .* \(first 150 shown\)$/)
  })
})
