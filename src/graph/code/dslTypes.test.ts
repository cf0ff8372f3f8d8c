import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LAYERS } from '../layers'
import { TEMPLATES } from '../templates'
import { dslTypeDeclarations } from './dslTypes'
import { emitCode } from './emitCode'

const HANDWRITTEN = `import { model, block, fit, adamw, type Tensor, type Layers } from 'triad'

const residual = block('residual', (L, x) => {
  const h = L.dense(x, { out_features: 8 })
  return { sum: L.add(x, h), h }
})

function stack(L: Layers, h: Tensor, depth: number): Tensor {
  for (let i = 0; i < depth; i++) h = L.relu(L.dense(h, { out_features: 8, bias: false }))
  return h
}

export default model('mlp', (L) => {
  const x = L.input({ shape: [8] })
  const r = residual(L, x)
  const h = stack(L, r.sum, 2)
  const attn = L.multiHeadAttention(h, null, h, { embed_dim: 8, num_heads: 2 })
  return { logits: L.dense(attn, { out_features: 2 }) }
})

export const training = fit({ loss: 'cross_entropy', optimizer: adamw({ lr: 1e-3, betas: [0.9, 0.95] }), batch_size: 32, epochs: 2 })
`

const MISSPELLED = `import { model } from 'triad'
export default model('bad', (L) => {
  const x = L.input({ shape: [8] })
  return { y: L.dense(x, { out_feature: 2 }) }
})
`

describe('dslTypeDeclarations', () => {
  it('declares a method and a params interface for every catalogue layer', () => {
    const dts = dslTypeDeclarations()
    for (const def of LAYERS) expect(dts).toContain(`    ${def.type}(`)
    expect(dts).toContain('export interface DenseParams {')
    expect(dts).toContain('@default true')
  })

  it('type-checks emitted templates and hand-written code, and rejects a misspelled param', () => {
    const dir = mkdtempSync(join(tmpdir(), 'triad-dsl-'))
    try {
      writeFileSync(join(dir, 'triad.d.ts'), dslTypeDeclarations())
      TEMPLATES.forEach((t) => {
        writeFileSync(join(dir, `template_${t.id.replace(/-/g, '_')}.ts`), emitCode(t.create()).code)
      })
      writeFileSync(join(dir, 'handwritten.ts'), HANDWRITTEN)
      writeFileSync(join(dir, 'misspelled.ts'), MISSPELLED)
      const compilerOptions = {
        strict: true,
        noUncheckedIndexedAccess: true,
        noEmit: true,
        target: 'es2022',
        module: 'esnext',
        moduleResolution: 'bundler',
        lib: ['es2022'],
        types: [],
      }
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }))
      const tsc = resolve('node_modules/.bin/tsc')
      const run = spawnSync(tsc, ['--noEmit', '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' })
      const errors = `${run.stdout}${run.stderr}`.split('\n').filter((l) => /error TS/.test(l))
      expect(errors.filter((l) => !l.includes('misspelled.ts'))).toEqual([])
      expect(errors).toHaveLength(1)
      expect(errors[0]).toContain('out_feature')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
