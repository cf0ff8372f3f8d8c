import { describe, expect, it } from 'vitest'
import { issueOf, runLayer, shapeOf } from '../layerTesting'

describe('multiHeadAttention', () => {
  const p = { embed_dim: 64, num_heads: 8 }

  it('self-attends when only the query is connected', () => {
    const ev = runLayer('multiHeadAttention', [['N', 'L', 64]], p)
    expect(shapeOf(ev)).toEqual(['N', 'L', 64])
    expect(ev.paramCount).toBe(4 * 64 * 64 + 4 * 64)
  })

  it('attends over key/value of another length and width (kdim, vdim)', () => {
    const params = { embed_dim: 16, num_heads: 4, kdim: 10, vdim: 12 }
    const ev = runLayer(
      'multiHeadAttention',
      [
        ['N', 5, 16],
        ['N', 9, 10],
        ['N', 9, 12],
      ],
      params,
    )
    expect(shapeOf(ev)).toEqual(['N', 5, 16])
    expect(ev.paramCount).toBe(16 * 16 + 16 * 10 + 16 * 12 + 16 * 16 + 4 * 16)
  })

  it('uses a lone second input as key and value', () => {
    expect(
      shapeOf(
        runLayer(
          'multiHeadAttention',
          [
            ['N', 5, 64],
            ['N', 'S', 64],
          ],
          p,
        ),
      ),
    ).toEqual(['N', 5, 64])
  })

  it('counts add_bias_kv and drops biases with bias false', () => {
    expect(
      runLayer('multiHeadAttention', [['N', 6, 24]], { embed_dim: 24, num_heads: 3, add_bias_kv: true })
        .paramCount,
    ).toBe(4 * 24 * 24 + 4 * 24 + 2 * 24)
    expect(
      runLayer('multiHeadAttention', [['N', 6, 24]], { embed_dim: 24, num_heads: 3, bias: false }).paramCount,
    ).toBe(4 * 24 * 24)
  })

  it('rejects embed_dim not divisible by num_heads and offers a head count that divides', () => {
    const issue = issueOf(runLayer('multiHeadAttention', [['N', 5, 30]], { embed_dim: 30, num_heads: 4 }))
    expect(issue.message).toMatch(/embed_dim \(30\) must be divisible by num_heads \(4\)/)
    expect(issue.fix).toEqual({ kind: 'setParam', param: 'num_heads', value: 3, label: 'set num_heads to 3' })
  })

  it('rejects a query whose width is not embed_dim, with a fix', () => {
    const issue = issueOf(runLayer('multiHeadAttention', [['N', 5, 32]], p))
    expect(issue).toMatchObject({ port: 'query', fix: { param: 'embed_dim', value: 32 } })
  })

  it('rejects a key whose width is not kdim and offers kdim', () => {
    const issue = issueOf(
      runLayer(
        'multiHeadAttention',
        [
          ['N', 5, 64],
          ['N', 9, 10],
          ['N', 9, 64],
        ],
        p,
      ),
    )
    expect(issue).toMatchObject({ port: 'key', fix: { param: 'kdim', value: 10 } })
  })

  it('rejects key and value of different lengths, and a 2-D query', () => {
    const issue = issueOf(
      runLayer(
        'multiHeadAttention',
        [
          ['N', 5, 64],
          ['N', 9, 64],
          ['N', 8, 64],
        ],
        p,
      ),
    )
    expect(issue.port).toBe('value')
    expect(issue.message).toMatch(/Sequence length of value \[N, 8, 64\] \(8\) differs from key/)
    expect(issueOf(runLayer('multiHeadAttention', [['N', 64]], p))).toMatchObject({
      port: 'query',
      expected: '[N, L, embed_dim]',
    })
  })

  it('rejects batch sizes that differ', () => {
    expect(
      issueOf(
        runLayer(
          'multiHeadAttention',
          [
            [2, 5, 64],
            [3, 5, 64],
          ],
          p,
        ),
      ).port,
    ).toBe('key')
  })
})
