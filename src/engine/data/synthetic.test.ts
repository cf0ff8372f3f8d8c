import { describe, expect, it } from 'vitest'
import type { ClassLabels, Dataset } from './dataset'
import { blobs, circles, moons, SYNTHETIC, sine, spirals, xor } from './synthetic'

function classCounts(ds: Dataset): number[] {
  const labels = ds.labels as ClassLabels
  const counts = new Array<number>(labels.numClasses).fill(0)
  for (const id of labels.ids) counts[id]! += 1
  return counts
}

function points(ds: Dataset): [number, number, number][] {
  const ids = (ds.labels as ClassLabels).ids
  return Array.from(ids, (id, i) => [ds.features[2 * i]!, ds.features[2 * i + 1]!, id])
}

describe('synthetic datasets', () => {
  it.each(Object.keys(SYNTHETIC) as (keyof typeof SYNTHETIC)[])(
    '%s is reproducible: the same seed gives the same data, another seed other data',
    (name) => {
      const a = SYNTHETIC[name]({ seed: 3, noise: 0.2 })
      const b = SYNTHETIC[name]({ seed: 3, noise: 0.2 })
      const c = SYNTHETIC[name]({ seed: 4, noise: 0.2 })
      expect(a.features).toEqual(b.features)
      expect(a.labels).toEqual(b.labels)
      expect(a.features).not.toEqual(c.features)
      expect(a.size).toBe(500)
    },
  )

  it('spirals have equal arms on Playground radii, and k arms with arms: k', () => {
    const ds = spirals({ samples: 300 })
    expect(classCounts(ds)).toEqual([150, 150])
    const radii = points(ds).map(([x, y]) => Math.hypot(x, y))
    expect(Math.max(...radii)).toBeLessThan(5)
    expect(Math.max(...radii)).toBeGreaterThan(4.9)
    expect(classCounts(spirals({ samples: 301, arms: 3 }))).toEqual([101, 100, 100])
    // Without noise, arm 1 is arm 0 rotated by π: the same radii.
    const r = (id: number) =>
      points(ds)
        .filter((p) => p[2] === id)
        .map(([x, y]) => Math.hypot(x, y))
        .sort()
    expect(r(0).map((v) => v.toFixed(4))).toEqual(r(1).map((v) => v.toFixed(4)))
  })

  it("moons match sklearn's make_moons without noise: unit half circles, the inner one shifted", () => {
    for (const [x, y, id] of points(moons({ samples: 200, noise: 0 }))) {
      if (id === 0) {
        expect(Math.hypot(x, y)).toBeCloseTo(1, 5)
        expect(y).toBeGreaterThanOrEqual(-1e-6)
      } else {
        expect(Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 5)
        expect(y).toBeLessThanOrEqual(0.5 + 1e-6)
      }
    }
    expect(classCounts(moons({ samples: 101 }))).toEqual([50, 51])
  })

  it('circles put class 1 on the inner ring of radius factor', () => {
    for (const [x, y, id] of points(circles({ samples: 100, noise: 0, factor: 0.3 })))
      expect(Math.hypot(x, y)).toBeCloseTo(id === 0 ? 1 : 0.3, 5)
  })

  it('xor labels quadrants by the sign of x1*x2 and keeps 0.3 away from the axes', () => {
    for (const [x, y, id] of points(xor({ samples: 400 }))) {
      expect(Math.min(Math.abs(x), Math.abs(y))).toBeGreaterThanOrEqual(0.3 - 1e-6)
      expect(id).toBe(x * y >= 0 ? 1 : 0)
    }
  })

  it('blobs split points evenly over the centres and honour the feature count', () => {
    const ds = blobs({ samples: 100, centers: 3, features: 5 })
    expect(ds.sampleShape).toEqual([5])
    expect(classCounts(ds)).toEqual([34, 33, 33])
    expect(ds.featureNames).toEqual(['x1', 'x2', 'x3', 'x4', 'x5'])
  })

  it('sine is a regression set: y = sin(x) within the noise', () => {
    const ds = sine({ samples: 50, noise: 0 })
    expect(ds.labels.kind).toBe('targets')
    if (ds.labels.kind !== 'targets') return
    ds.features.forEach((x, i) => {
      expect(x).toBeGreaterThanOrEqual(-Math.PI)
      expect(ds.labels.kind === 'targets' && ds.labels.values[i]).toBeCloseTo(Math.sin(x), 5)
    })
  })

  it('shuffles rows so that every class appears early', () => {
    const first = (moons().labels as ClassLabels).ids.subarray(0, 20)
    expect(new Set(first).size).toBe(2)
  })

  it('refuses bad options in one line', () => {
    expect(() => spirals({ samples: 0 })).toThrow('spirals: samples must be a positive integer, got 0')
    expect(() => spirals({ arms: 1 })).toThrow('spirals: arms must be an integer in 2..samples, got 1')
    expect(() => moons({ noise: -1 })).toThrow('moons: noise must be a non-negative number, got -1')
    expect(() => circles({ factor: 1 })).toThrow('circles: factor must be in (0, 1), got 1')
  })
})
