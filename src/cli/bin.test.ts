import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { tempDir } from './testing'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

it('runs as the package bin: bin/triad.mjs builds the bundle if needed, trains, and exits 2 on bad input', () => {
  const { dir, remove } = tempDir()
  try {
    const bin = join(ROOT, 'bin', 'triad.mjs')
    // run from another directory: paths resolve against it, MNIST and the bundle against the repo
    const ok = spawnSync(process.execPath, [bin, 'train', 'mlp-spirals', '--steps', '3', '--out', 'run'], {
      cwd: dir,
      encoding: 'utf8',
    })
    expect(ok.stderr).toBe('')
    expect(ok.status).toBe(0)
    const summary = JSON.parse(ok.stdout.trimEnd().split('\n').at(-1)!) as { steps: number; out: string }
    expect(summary.steps).toBe(3)
    expect(summary.out).toBe(join(dir, 'run'))
    expect(existsSync(join(dir, 'run', 'weights.safetensors'))).toBe(true)

    const bad = spawnSync(process.execPath, [bin, 'train', 'mlp-spirals', '--data', 'nope', '--out', 'bad'], {
      cwd: dir,
      encoding: 'utf8',
    })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/^triad: unknown dataset 'nope'.*\n$/)
    expect(existsSync(join(dir, 'bad'))).toBe(false)
  } finally {
    remove()
  }
}, 120_000)
