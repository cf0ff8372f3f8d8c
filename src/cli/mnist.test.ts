import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { runCli, tempDir } from './testing'

const MODEL = fileURLToPath(new URL('./fixtures/mlp-mnist.json', import.meta.url))

// The acceptance run: MNIST's 10,000 shipped digits split 8,000 / 2,000 (the document's
// validation_split 0.2), a 784-128-10 ReLU MLP with the document's SGD setup (momentum 0.9).
// 2,000 optimizer steps (8 epochs of 250); the slowest test of the CLI (see the report for timings).
it('trains an MLP on MNIST (8k train / 2k validation) to at least 95% validation accuracy', async () => {
  const { dir, remove } = tempDir()
  try {
    const run = await runCli(['train', MODEL, '--out', 'run'], dir)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const summary = run.summary as {
      steps: number
      train: { samples: number }
      validation: { accuracy: number; samples: number }
    }
    expect(summary.train.samples).toBe(8000)
    expect(summary.validation.samples).toBe(2000)
    expect(summary.validation.accuracy).toBeGreaterThanOrEqual(0.95)
    const metrics = JSON.parse(readFileSync(join(dir, 'run', 'metrics.json'), 'utf8')) as {
      train: { step: number }[]
      validation: { accuracy: number }[]
    }
    expect(metrics.train).toHaveLength(summary.steps)
    expect(metrics.validation.at(-1)!.accuracy).toBeCloseTo(summary.validation.accuracy, 5)
  } finally {
    remove()
  }
}, 300_000)
