import { describe, expect, it } from 'vitest'
import { findLayer } from '../index'
import { issueOf, runLayer, shapeOf } from '../layerTesting'

describe('embedding', () => {
  const params = { num_embeddings: 1000, embedding_dim: 64 }

  it('appends embedding_dim to the id shape and counts the table', () => {
    const ev = runLayer('embedding', [['N', 'T']], params, ['int'])
    expect(shapeOf(ev)).toEqual(['N', 'T', 64])
    expect(ev.paramCount).toBe(64000)
  })

  it('declares an int input port and skips the dtype check when the dtype is unknown', () => {
    expect(findLayer('embedding')?.inputs[0]?.dtype).toBe('int')
    expect(runLayer('embedding', [['N', 3]], params).result.ok).toBe(true)
  })

  it('rejects float input', () => {
    const issue = issueOf(runLayer('embedding', [['N', 3]], params, ['float']))
    expect(issue).toMatchObject({ port: 'x', expected: 'int ids', actual: 'float' })
  })

  it('rejects a padding_idx outside the vocabulary and offers to clear it', () => {
    const issue = issueOf(runLayer('embedding', [['N', 3]], { ...params, padding_idx: 1000 }))
    expect(issue.fix).toMatchObject({ param: 'padding_idx', value: null })
    expect(runLayer('embedding', [['N', 3]], { ...params, padding_idx: -1 }).result.ok).toBe(true)
  })
})
