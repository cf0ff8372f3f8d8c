import { describe, expect, it } from 'vitest'
import { runCli } from './testing'

describe('triad --help', () => {
  it('lists the commands, templates and datasets, and exits 0', async () => {
    const run = await runCli(['--help'], '/')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/triad train <model>/)
    expect(run.stdout).toMatch(/Templates: mlp-spirals, cnn-mnist/)
    expect(run.stdout).toMatch(/Datasets: {2}spirals, .*mnist/)
  })

  it('prints each command’s options, with or without other flags', async () => {
    for (const [argv, flag] of [
      [['train', '--help'], '--validation-split'],
      [['eval', 'mlp-spirals', '-h'], '--weights'],
      [['infer', '--help', '--x', 'x.npy'], '--output'],
      [['help', 'train'], '--no-shuffle'],
    ] as const) {
      const run = await runCli(argv, '/')
      expect(run.code).toBe(0)
      expect(run.stderr).toBe('')
      expect(run.stdout).toContain(flag)
    }
  })
})
