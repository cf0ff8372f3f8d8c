import { describe, expect, it } from 'vitest'
import { coordinates, f32, foldGroups, i32, isContiguous, launch1d, offset } from './common'
import { helpersIn, mathHelpers } from './math'

describe('WGSL literals', () => {
  it('spells finite f32 values as exact bitcasts and non-finite ones through a function call', () => {
    expect(f32(0.5)).toBe('bitcast<f32>(0x3f000000u)')
    expect(f32(-0)).toBe('bitcast<f32>(0x80000000u)')
    // WGSL rejects non-finite constant expressions, so these must not be constant
    expect(f32(Number.POSITIVE_INFINITY)).toBe('f32_bits(0x7f800000u)')
    expect(f32(Number.NaN)).toBe('f32_bits(0x7fc00000u)')
    expect(f32(1e39)).toBe('f32_bits(0x7f800000u)')
  })

  it('spells i32::MIN, which has no literal, as a bitcast', () => {
    expect(i32(-2147483648)).toBe('bitcast<i32>(0x80000000u)')
    expect(i32(-3)).toBe('-3i')
  })
})

describe('index arithmetic', () => {
  it('splits an index into coordinates, with constant zeros for size-1 and size-0 dimensions', () => {
    expect(coordinates([3, 1, 5], 'i', 'c')).toBe(
      'var cr = i;\n  let c2 = cr % 5u; cr = cr / 5u;\n  let c1 = 0u;\n  let c0 = cr;',
    )
    expect(coordinates([2, 0], 'j', 'q')).toContain('let q1 = 0u;')
    expect(coordinates([], 'i', 'c')).toBe('')
  })

  it('folds strides into an offset, skipping zero strides', () => {
    expect(offset([15, 0, 1], 'c', 4)).toBe('4u + c0 * 15u + c2')
    expect(offset([0, 0], 'c')).toBe('0u')
  })

  it('recognises row-major strides whatever the size-1 dimensions hold', () => {
    expect(isContiguous([3, 1, 5], [5, 99, 1])).toBe(true)
    expect(isContiguous([3, 5], [1, 3])).toBe(false)
  })
})

describe('launch grids', () => {
  it('folds workgroups into y and z within the per-dimension limit, and loops past it', () => {
    expect(foldGroups(10, 65535)).toEqual({ workgroups: [10, 1, 1], group: 'wid.x', launched: 10 })
    expect(foldGroups(10, 4)).toEqual({
      workgroups: [4, 3, 1],
      group: 'wid.y * 4u + wid.x',
      launched: 12,
    })
    const capped = foldGroups(1000, 4)
    expect(capped.workgroups).toEqual([4, 4, 4])
    expect(capped.launched).toBe(64)
    // a capped 1-D launch strides over the elements: 64 workgroups of 8 threads
    expect(launch1d(8000, 8, 4).header).toContain('i < 8000u; i = i + 512u')
  })
})

describe('math helpers', () => {
  it('finds the helpers an expression calls and includes what they call, once', () => {
    expect(helpersIn('t_sigmoid(a) + t_sigmoid(b) * abs(a)')).toEqual(['t_sigmoid'])
    const src = mathHelpers(['t_sigmoid', 't_exp'])
    expect(src.match(/fn t_exp\(/g)).toHaveLength(1)
    expect(src.indexOf('fn t_exp(')).toBeLessThan(src.indexOf('fn t_sigmoid('))
  })
})
