import { describe, expect, it } from 'vitest'
import { formatCount, formatFlops, formatStats } from './format'

describe('formatCount', () => {
  it('writes small counts in full', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(950)).toBe('950')
  })
  it('writes thousands and millions with a suffix and at most three significant digits', () => {
    expect(formatCount(12500)).toBe('12.5k')
    expect(formatCount(1000)).toBe('1k')
    expect(formatCount(1234567)).toBe('1.23M')
    expect(formatCount(999_999)).toBe('1M')
    expect(formatCount(135_000)).toBe('135k')
  })
})

describe('formatStats', () => {
  it('writes a node badge as params and FLOPs', () => {
    expect(formatStats({ paramCount: 12500, flops: 1_200_000 })).toBe('12.5k params · 1.2 MFLOPs')
    expect(formatFlops(800)).toBe('800 FLOPs')
  })
})
