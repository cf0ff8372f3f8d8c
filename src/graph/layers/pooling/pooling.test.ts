import { describe, expect, it } from 'vitest'
import { issueOf, runLayer, shapeOf } from '../layerTesting'

describe('maxPool2d', () => {
  it('halves H and W with kernel 2 (stride defaults to kernel_size)', () => {
    const ev = runLayer('maxPool2d', [['N', 3, 28, 27]], { kernel_size: 2 })
    expect(shapeOf(ev)).toEqual(['N', 3, 14, 13])
    expect(ev.paramCount).toBe(0)
    expect(ev.flops).toBe(3 * 14 * 13 * 4)
  })

  it('rounds up with ceil_mode and drops a last window that starts in the padding', () => {
    const p = { kernel_size: 3, stride: 2, padding: 1 }
    expect(shapeOf(runLayer('maxPool2d', [['N', 3, 10, 9]], p))).toEqual(['N', 3, 5, 5])
    expect(shapeOf(runLayer('maxPool2d', [['N', 3, 10, 9]], { ...p, ceil_mode: true }))).toEqual([
      'N',
      3,
      6,
      5,
    ])
    // ceil((5 + 2 - 3)/3) + 1 = 3, but the 3rd window would start at 6 >= 5 + 1, inside the padding
    const drop = { kernel_size: 3, stride: 3, padding: 1, ceil_mode: true }
    expect(shapeOf(runLayer('maxPool2d', [['N', 1, 5, 5]], drop))).toEqual(['N', 1, 2, 2])
    expect(shapeOf(runLayer('maxPool2d', [['N', 1, 5, 5]], { kernel_size: 2, ceil_mode: true }))).toEqual([
      'N',
      1,
      3,
      3,
    ])
  })

  it('honours dilation', () => {
    expect(
      shapeOf(runLayer('maxPool2d', [['N', 2, 9, 8]], { kernel_size: [3, 2], stride: 1, dilation: 2 })),
    ).toEqual(['N', 2, 5, 6])
  })

  it('writes symbolic sizes as expressions', () => {
    expect(shapeOf(runLayer('maxPool2d', [['N', 3, 'H', 'W']], { kernel_size: 2 }))).toEqual([
      'N',
      3,
      'floor((H-2)/2)+1',
      'floor((W-2)/2)+1',
    ])
  })

  it('checks padding against the raw kernel, not the dilated one, as PyTorch does', () => {
    // torch: MaxPool2d(3, padding=2, dilation=2) raises "pad should be at most half of effective kernel size"
    const issue = issueOf(
      runLayer('maxPool2d', [['N', 1, 10, 10]], { kernel_size: 3, padding: 2, dilation: 2 }),
    )
    expect(issue.fix).toMatchObject({ kind: 'setParam', param: 'padding', value: 1 })
  })

  it('rejects padding over half the kernel and offers the largest allowed', () => {
    const issue = issueOf(runLayer('maxPool2d', [['N', 3, 8, 8]], { kernel_size: 3, padding: 2 }))
    expect(issue.message).toMatch(/at most half the kernel size/)
    expect(issue.fix).toMatchObject({ kind: 'setParam', param: 'padding', value: 1 })
  })

  it('rejects a kernel larger than the input and offers one that fits', () => {
    const issue = issueOf(runLayer('maxPool2d', [['N', 3, 2, 8]], { kernel_size: 3 }))
    expect(issue.port).toBe('x')
    expect(issue.message).toMatch(/output would be empty/)
    expect(issue.fix).toMatchObject({ param: 'kernel_size', value: [2, 3] })
  })

  it('rejects a flat input as expecting [N, C, H, W]', () => {
    const issue = issueOf(runLayer('maxPool2d', [['N', 16]], { kernel_size: 2 }))
    expect(issue).toMatchObject({ port: 'x', expected: '[N, C, H, W]' })
    expect(issue.fix).toMatchObject({ layer: 'reshape', params: { shape: [1, 4, 4] } })
  })
})

describe('avgPool2d', () => {
  it('follows the same formula with ceil_mode and count_include_pad', () => {
    const p = { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true, count_include_pad: false }
    expect(shapeOf(runLayer('avgPool2d', [['N', 2, 9, 8]], p))).toEqual(['N', 2, 5, 5])
  })

  it('rejects padding over half the kernel', () => {
    expect(
      issueOf(runLayer('avgPool2d', [['N', 2, 9, 8]], { kernel_size: 2, padding: 2 })).fix,
    ).toMatchObject({
      param: 'padding',
      value: 1,
    })
  })
})

describe('globalAvgPool', () => {
  it('pools [N, C, H, W] to [N, C, 1, 1], symbolic sizes included', () => {
    expect(shapeOf(runLayer('globalAvgPool', [['N', 12, 'H', 'W']]))).toEqual(['N', 12, 1, 1])
  })

  it('rejects a 3-D input', () => {
    expect(issueOf(runLayer('globalAvgPool', [['N', 12, 5]]))).toMatchObject({
      port: 'x',
      actual: '[N, 12, 5]',
    })
  })
})
