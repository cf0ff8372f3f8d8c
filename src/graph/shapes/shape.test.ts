import { describe, expect, it } from 'vitest'
import { formatShape, knownSize, sameShape } from './shape'

describe('shape helpers', () => {
  it('formats a symbolic batch shape the way errors print it', () => {
    expect(formatShape(['N', 1, 28, 28])).toBe('[N, 1, 28, 28]')
  })
  it('knows the size only when every dim is numeric', () => {
    expect(knownSize([2, 3])).toBe(6)
    expect(knownSize(['N', 3])).toBeUndefined()
  })
  it('compares symbolic dims by name', () => {
    expect(sameShape(['N', 3], ['N', 3])).toBe(true)
    expect(sameShape(['N', 3], ['B', 3])).toBe(false)
  })
})
