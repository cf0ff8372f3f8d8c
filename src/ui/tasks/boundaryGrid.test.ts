import { describe, expect, it } from 'vitest'
import { gridPoints, planeRange, toPixel } from './boundaryGrid'

describe('the decision boundary grid', () => {
  it('covers the points with a margin of a tenth of each span', () => {
    const r = planeRange(Float32Array.from([0, -2, 10, 2, 5, 0]))
    expect(r).toEqual({ xMin: -1, xMax: 11, yMin: -2.4, yMax: 2.4 })
  })

  it('widens an axis on which every point is equal, so the grid is never flat', () => {
    const r = planeRange(Float32Array.from([3, 1, 3, 2]))
    expect(r.xMin).toBe(2)
    expect(r.xMax).toBe(4)
  })

  it('lays cell centres out row-major from the top left, largest y first', () => {
    const g = gridPoints({ xMin: 0, xMax: 4, yMin: 0, yMax: 2 }, 2)
    expect(Array.from(g)).toEqual([1, 1.5, 3, 1.5, 1, 0.5, 3, 0.5])
  })

  it('has size x size rows of two values', () => {
    expect(gridPoints({ xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, 64)).toHaveLength(64 * 64 * 2)
  })

  it('maps a data point to the pixel its grid cell paints', () => {
    const range = { xMin: 0, xMax: 4, yMin: 0, yMax: 2 }
    const g = gridPoints(range, 4)
    // cell (row 3, col 1) is the picture's pixel block (1, 3)
    const x = g[2 * (3 * 4 + 1)]!
    const y = g[2 * (3 * 4 + 1) + 1]!
    const { px, py } = toPixel(range, x, y, 4, 4)
    expect(Math.floor(px)).toBe(1)
    expect(Math.floor(py)).toBe(3)
  })

  it('refuses a grid size that is not a positive integer', () => {
    expect(() => gridPoints({ xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, 0)).toThrow(/positive integer/)
  })
})
