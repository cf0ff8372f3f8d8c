import { describe, expect, it } from 'vitest'
import { issueOf, runLayer, shapeOf } from '../layerTesting'

describe('conv2d', () => {
  const base = { in_channels: 1, out_channels: 16, kernel_size: 3 }

  it('keeps H and W with padding 1 and counts weights and biases', () => {
    const ev = runLayer('conv2d', [['N', 1, 28, 28]], { ...base, padding: 1 })
    expect(shapeOf(ev)).toEqual(['N', 16, 28, 28])
    expect(ev.paramCount).toBe(16 * 9 + 16)
    expect(ev.flops).toBe(2 * 16 * 28 * 28 * 9 + 16 * 28 * 28)
  })

  it('applies floor((H + 2p - d(k-1) - 1)/s) + 1 per dim with tuple params', () => {
    const params = { ...base, kernel_size: [3, 5], stride: [2, 1], padding: [1, 0], dilation: [1, 2] }
    // H: floor((9 + 2 - 2 - 1)/2) + 1 = 5; W: floor((20 - 8 - 1)/1) + 1 = 12
    expect(shapeOf(runLayer('conv2d', [['N', 1, 9, 20]], params))).toEqual(['N', 16, 5, 12])
  })

  it('writes symbolic spatial sizes as expressions and keeps the batch symbol', () => {
    expect(shapeOf(runLayer('conv2d', [['B', 1, 'H', 'W']], base))).toEqual(['B', 16, 'H-2', 'W-2'])
    expect(shapeOf(runLayer('conv2d', [['N', 1, 'H', 8]], { ...base, padding: 1, stride: 2 }))).toEqual([
      'N',
      16,
      'floor((H-1)/2)+1',
      4,
    ])
    expect(shapeOf(runLayer('conv2d', [['N', 1, 'H', 8]], { ...base, padding: 1 }))).toEqual([
      'N',
      16,
      'H',
      8,
    ])
  })

  it('rejects a Conv2d fed [N, F] as expecting [N, C, H, W] and suggests a Reshape', () => {
    const issue = issueOf(runLayer('conv2d', [['N', 784]], base))
    expect(issue).toMatchObject({ port: 'x', expected: '[N, C, H, W]', actual: '[N, 784]' })
    expect(issue.message).toMatch(/expects \[N, C, H, W\]/)
    expect(issue.fix).toMatchObject({ kind: 'insertLayer', layer: 'reshape', params: { shape: [1, 28, 28] } })
  })

  it('suggests a plain Reshape when the flat size is no square', () => {
    const issue = issueOf(runLayer('conv2d', [['N', 10]], base))
    expect(issue.fix).toEqual({ kind: 'insertLayer', layer: 'reshape', label: 'insert Reshape' })
  })

  it('rejects a wrong in_channels and offers the actual count', () => {
    const issue = issueOf(runLayer('conv2d', [['N', 3, 32, 32]], base))
    expect(issue.port).toBe('x')
    expect(issue.message).toMatch(/in_channels is 1 but the input has 3/)
    expect(issue.fix).toMatchObject({ kind: 'setParam', param: 'in_channels', value: 3 })
  })

  it('rejects a kernel larger than the padded input and offers the padding that fits', () => {
    const issue = issueOf(runLayer('conv2d', [['N', 1, 2, 9]], { ...base, kernel_size: 5 }))
    expect(issue.port).toBe('x')
    expect(issue.message).toMatch(/Kernel size 5 .* larger than the padded input size 2/)
    expect(issue.fix).toMatchObject({ kind: 'setParam', param: 'padding', value: 2 })
    const tuple = issueOf(runLayer('conv2d', [['N', 1, 2, 9]], { ...base, kernel_size: 5, padding: [0, 1] }))
    expect(tuple.fix).toMatchObject({ param: 'padding', value: [2, 1] })
    expect(shapeOf(runLayer('conv2d', [['N', 1, 2, 9]], { ...base, kernel_size: 5, padding: 2 }))).toEqual([
      'N',
      16,
      2,
      9,
    ])
  })

  it('counts dilated kernels by their span', () => {
    const issue = issueOf(runLayer('conv2d', [['N', 1, 4, 4]], { ...base, dilation: 2 }))
    expect(issue.message).toMatch(/Kernel size 5/)
  })

  it('rejects groups that do not divide the channels and offers groups=1', () => {
    const issue = issueOf(
      runLayer('conv2d', [['N', 4, 8, 8]], { in_channels: 4, out_channels: 6, groups: 4 }),
    )
    expect(issue.port).toBeUndefined()
    expect(issue.message).toMatch(/groups \(4\) must divide/)
    expect(issue.fix).toMatchObject({ kind: 'setParam', param: 'groups', value: 1 })
  })

  it('divides weights by groups', () => {
    const ev = runLayer('conv2d', [['N', 4, 8, 8]], {
      in_channels: 4,
      out_channels: 8,
      groups: 2,
      bias: false,
    })
    expect(ev.paramCount).toBe(8 * 2 * 9)
  })
})

describe('conv1d', () => {
  it('maps [N, C, L] with stride and padding', () => {
    const ev = runLayer('conv1d', [['N', 3, 17]], {
      in_channels: 3,
      out_channels: 8,
      kernel_size: 5,
      stride: 2,
    })
    expect(shapeOf(ev)).toEqual(['N', 8, 7])
    expect(ev.paramCount).toBe(8 * 3 * 5 + 8)
  })

  it('rejects a 4-D input as expecting [N, C, L]', () => {
    const issue = issueOf(runLayer('conv1d', [['N', 1, 4, 4]], { in_channels: 1 }))
    expect(issue).toMatchObject({ port: 'x', expected: '[N, C, L]' })
  })

  it('suggests a Reshape to [C, L] for a flat input', () => {
    const issue = issueOf(runLayer('conv1d', [['N', 12]], { in_channels: 3 }))
    expect(issue.fix).toMatchObject({ layer: 'reshape', params: { shape: [3, 4] } })
  })
})

describe('convTranspose2d', () => {
  const base = { in_channels: 8, out_channels: 4, kernel_size: 4, stride: 2, padding: 1 }

  it('doubles H and W with k=4, s=2, p=1 and counts [in, out/groups, kH, kW] + bias', () => {
    const ev = runLayer('convTranspose2d', [['N', 8, 7, 7]], base)
    expect(shapeOf(ev)).toEqual(['N', 4, 14, 14])
    expect(ev.paramCount).toBe(8 * 4 * 16 + 4)
  })

  it('adds output_padding and dilation as PyTorch documents', () => {
    const params = { ...base, kernel_size: 3, stride: 3, padding: 0, dilation: 2, output_padding: [2, 0] }
    // (3-1)*3 + 2*2 + 2 + 1 = 13; (6-1)*3 + 4 + 0 + 1 = 20
    expect(shapeOf(runLayer('convTranspose2d', [['N', 8, 3, 6]], params))).toEqual(['N', 4, 13, 20])
  })

  it('writes symbolic sizes as expressions', () => {
    expect(shapeOf(runLayer('convTranspose2d', [['N', 8, 'H', 'W']], base))).toEqual([
      'N',
      4,
      '(H-1)*2+2',
      '(W-1)*2+2',
    ])
  })

  it('rejects output_padding not below stride or dilation and offers 0', () => {
    const issue = issueOf(runLayer('convTranspose2d', [['N', 8, 7, 7]], { ...base, output_padding: 2 }))
    expect(issue.message).toMatch(
      /output_padding \(2\) must be smaller than either stride \(2\) or dilation \(1\)/,
    )
    expect(issue.fix).toMatchObject({ param: 'output_padding', value: 0 })
  })

  it('rejects padding that empties the output', () => {
    const issue = issueOf(
      runLayer('convTranspose2d', [['N', 8, 1, 1]], { ...base, kernel_size: 1, padding: 1 }),
    )
    expect(issue).toMatchObject({ port: 'x', fix: { param: 'padding', value: 0 } })
  })

  it('rejects a wrong in_channels and a wrong rank', () => {
    expect(issueOf(runLayer('convTranspose2d', [['N', 3, 7, 7]], base)).fix).toMatchObject({
      param: 'in_channels',
      value: 3,
    })
    expect(issueOf(runLayer('convTranspose2d', [['N', 8, 7]], base)).expected).toBe('[N, C, H, W]')
  })
})
