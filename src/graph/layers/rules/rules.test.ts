import { describe, expect, it } from 'vitest'
import { evaluateLayer } from '../evaluate'
import { findLayer } from '../index'
import { broadcastShapes } from './broadcast'
import { normalizeDim, productDim, sumDim } from './dims'
import { transposedOut, windowOut } from './spatial'

describe('broadcastShapes', () => {
  it('aligns from the right and stretches 1s', () => {
    expect(broadcastShapes(['N', 3, 1], [4])).toEqual(['N', 3, 4])
    expect(broadcastShapes([5, 1, 4], [3, 1])).toEqual([5, 3, 4])
  })

  it('fails on two known sizes that differ and neither is 1', () => {
    expect(broadcastShapes([3, 4], [3, 5])).toBeUndefined()
  })

  it('keeps a name against 1, takes a size against a name, keeps the first of two names', () => {
    expect(broadcastShapes(['T'], [1])).toEqual(['T'])
    expect(broadcastShapes(['T'], [7])).toEqual([7])
    expect(broadcastShapes(['T'], ['S'])).toEqual(['T'])
  })
})

describe('dim arithmetic', () => {
  it('normalises negative dims and rejects out-of-range ones', () => {
    expect(normalizeDim(-1, 3)).toBe(2)
    expect(normalizeDim(3, 3)).toBeUndefined()
    expect(normalizeDim(-4, 3)).toBeUndefined()
  })

  it('multiplies and adds known sizes and writes names as expressions', () => {
    expect(productDim([3, 4])).toBe(12)
    expect(productDim([3, 'T', 4])).toBe('12*T')
    expect(productDim(['H-2', 'W'])).toBe('(H-2)*W')
    expect(sumDim([3, 'T', 4])).toBe('T+7')
  })
})

describe('window formulas', () => {
  it('match PyTorch for conv with stride, padding and dilation', () => {
    expect(windowOut(28, { kernel: 5, stride: 1, padding: 0, dilation: 1 })).toBe(24)
    expect(windowOut(13, { kernel: 4, stride: 3, padding: 0, dilation: 2 })).toBe(3)
  })

  it('match PyTorch for ConvTranspose', () => {
    expect(transposedOut(7, { kernel: 4, stride: 2, padding: 1, dilation: 1 }, 0)).toBe(14)
    expect(transposedOut('H', { kernel: 3, stride: 1, padding: 1, dilation: 1 }, 0)).toBe('H')
  })
})

describe('evaluateLayer', () => {
  it('turns an invalid param into a node issue that names the param', () => {
    const ev = evaluateLayer(findLayer('conv2d')!, [['N', 1, 8, 8]], { kernel_size: [3, 3, 3] })
    expect(ev.result).toMatchObject({
      ok: false,
      issue: { message: expect.stringMatching(/^Invalid params: kernel_size/) },
    })
    expect(ev.paramCount).toBeUndefined()
  })

  it('rejects unknown params', () => {
    const ev = evaluateLayer(findLayer('relu')!, [['N', 2]], { inplace: true })
    expect(ev.result.ok).toBe(false)
  })
})
