import { describe, expect, it } from 'vitest'
import {
  type DispatchTiming,
  formatProfile,
  groupByKind,
  type KernelProfile,
  kindOf,
  median,
} from './summary'

const timing = (label: string, ms: number): DispatchTiming => ({
  label,
  kind: kindOf(label),
  workgroups: [4, 1, 1],
  ms,
})

describe('the per-kernel profile summary', () => {
  it('names the op kind of every label the plan writes', () => {
    expect(kindOf('matmul #12')).toBe('matmul')
    expect(kindOf('matmul #85 Aᵀ')).toBe('matmul Aᵀ')
    expect(kindOf('matmul #3 Aᵀ Bᵀ')).toBe('matmul Aᵀ Bᵀ')
    expect(kindOf('fused 13 (permute,mul,add,sqrt,div) #105')).toBe('fused elementwise')
    expect(kindOf('sum #80 (fused input)')).toBe('sum (fused input)')
    expect(kindOf('conv2d #10 (implicit GEMM)')).toBe('conv2d')
    expect(kindOf('where #176')).toBe('where')
  })

  it('takes the middle sample, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(() => median([])).toThrow(/at least one round/)
  })

  it('groups dispatches by kind, largest total first, with shares that add up to one', () => {
    const rows = groupByKind([
      timing('matmul #1', 3),
      timing('where #2', 1),
      timing('matmul #3', 4),
      timing('fused 2 (add,relu) #4', 2),
    ])
    expect(rows.map((r) => [r.kind, r.dispatches, r.ms])).toEqual([
      ['matmul', 2, 7],
      ['fused elementwise', 1, 2],
      ['where', 1, 1],
    ])
    expect(rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1)
    expect(rows[0]!.share).toBeCloseTo(0.7)
  })

  it('formats a Markdown table with the step time and the slowest dispatches', () => {
    const dispatches = [timing('matmul #1', 3), timing('where #2', 1)]
    const profile: KernelProfile = {
      method: 'submit-per-dispatch',
      rounds: 5,
      dispatches,
      byKind: groupByKind(dispatches),
      sumMs: 4,
      stepMs: 4.5,
      overheadMs: 0.3,
    }
    const text = formatProfile('mlp', profile, 1)
    expect(text).toContain('### mlp')
    expect(text).toContain('step 4.50 ms')
    expect(text).toContain('| matmul | 1 | 3.00 | 75.0% |')
    expect(text).toContain('slowest dispatches: matmul #1 [4×1×1] 3.00')
    expect(text).not.toContain('where #2 [')
  })
})
