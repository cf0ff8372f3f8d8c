import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readNpy, writeNpy } from '../engine/data/npy'
import { spirals } from '../engine/data/synthetic'
import { readSafetensors } from '../engine/io/safetensors'
import { parseDocumentText } from '../graph/document/validate'
import { runCli, tempDir } from './testing'

let dir: string
let remove: () => void
beforeEach(() => {
  ;({ dir, remove } = tempDir())
})
afterEach(() => remove())

interface Metrics {
  train: { step: number; loss: number }[]
  validation: { epoch: number; loss: number; accuracy: number | null }[]
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T

describe('triad train', () => {
  it('trains the spirals template to at least 95% training accuracy and saves the run', async () => {
    const run = await runCli(['train', 'mlp-spirals', '--out', 'runs/spirals'], dir)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const summary = run.summary as {
      status: string
      steps: number
      epochs: number
      train: { accuracy: number; samples: number }
      validation: { accuracy: number; samples: number }
    }
    expect(summary.status).toBe('ok')
    expect(summary.train.samples).toBe(400)
    expect(summary.validation.samples).toBe(100)
    expect(summary.train.accuracy).toBeGreaterThanOrEqual(0.95)
    const out = join(dir, 'runs/spirals')
    const metrics = readJson<Metrics>(join(out, 'metrics.json'))
    // one entry per optimizer step, numbered 1..n, and one validation entry per epoch
    expect(metrics.train.map((m) => m.step)).toEqual(Array.from({ length: summary.steps }, (_, i) => i + 1))
    expect(metrics.train.every((m) => Number.isFinite(m.loss))).toBe(true)
    expect(metrics.validation.map((m) => m.epoch)).toEqual(
      Array.from({ length: summary.epochs }, (_, i) => i + 1),
    )
    const weights = readSafetensors(new Uint8Array(readFileSync(join(out, 'weights.safetensors'))))
    expect([...weights.tensors.keys()].sort()).toEqual(
      ['hidden1', 'hidden2', 'logits'].flatMap((n) => [`${n}.bias`, `${n}.weight`]),
    )
    expect(weights.tensors.get('hidden1.weight')!.shape).toEqual([16, 2])
    const saved = parseDocumentText(readFileSync(join(out, 'model.json'), 'utf8'))
    expect(saved.ok).toBe(true)
  })

  it('lets flags override the training setup and records what was trained in model.json', async () => {
    const run = await runCli(
      [
        'train',
        'mlp-spirals',
        '--optimizer',
        'sgd',
        '--lr',
        '0.05',
        '--momentum',
        '0.9',
        '--weight-decay',
        '0.0001',
        '--batch',
        '16',
        '--steps',
        '40',
        '--validation-split',
        '0',
        '--seed',
        '3',
        '--out',
        'run',
      ],
      dir,
    )
    expect(run.stderr).toBe('')
    // 500 points in batches of 16: 32 steps an epoch, so 40 steps run into a second epoch
    expect(run.summary).toMatchObject({ steps: 40, epochs: 2, validation: null })
    const metrics = readJson<Metrics>(join(dir, 'run/metrics.json'))
    expect(metrics.train).toHaveLength(40)
    expect(metrics.validation).toEqual([])
    const saved = parseDocumentText(readFileSync(join(dir, 'run/model.json'), 'utf8'))
    if (!saved.ok) throw new Error(saved.errors.join('\n'))
    expect(saved.doc.training).toMatchObject({
      optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, weight_decay: 0.0001 },
      batch_size: 16,
      epochs: 2,
      seed: 3,
      validation_split: 0,
      dataset: 'spirals',
    })
  })

  it('keeps the last partial batch of an epoch, as DataLoader does without drop_last', async () => {
    // 400 training points in batches of 64: six full batches and one of 16 per epoch
    const run = await runCli(['train', 'mlp-spirals', '--batch', '64', '--epochs', '2'], dir)
    expect(run.summary).toMatchObject({ steps: 14, epochs: 2 })
  })

  it('is reproducible: the same seed gives the same losses, another seed other losses', async () => {
    const losses = async (seed: string) => {
      const r = await runCli(
        ['train', 'mlp-spirals', '--steps', '15', '--seed', seed, '--out', `s${seed}-${Math.random()}`],
        dir,
      )
      const out = (r.summary as { out: string }).out
      return readJson<Metrics>(join(out, 'metrics.json')).train.map((m) => m.loss)
    }
    const a = await losses('1')
    expect(await losses('1')).toEqual(a)
    expect(await losses('2')).not.toEqual(a)
  })

  it('trains from --x/--y NPY arrays, then eval and infer reuse the run directory', async () => {
    const data = spirals({ samples: 200 })
    const ids = data.labels.kind === 'classes' ? data.labels.ids : new Int32Array()
    writeFileSync(join(dir, 'x.npy'), writeNpy({ dtype: 'float32', shape: [200, 2], data: data.features }))
    writeFileSync(join(dir, 'y.npy'), writeNpy({ dtype: 'int32', shape: [200], data: ids }))
    const trained = await runCli(
      ['train', 'mlp-spirals', '--x', 'x.npy', '--y', 'y.npy', '--epochs', '3', '--out', 'run'],
      dir,
    )
    expect(trained.stderr).toBe('')
    expect(trained.summary).toMatchObject({
      dataset: 'x.npy',
      train: { samples: 160 },
      validation: { samples: 40 },
    })

    const evaluated = await runCli(['eval', 'run', '--x', 'x.npy', '--y', 'y.npy'], dir)
    expect(evaluated.stderr).toBe('')
    const { accuracy, samples } = evaluated.summary as { accuracy: number; samples: number }
    expect(samples).toBe(200)

    const inferred = await runCli(['infer', 'run', '--x', 'x.npy', '--out', 'pred.npy'], dir)
    expect(inferred.stderr).toBe('')
    const pred = readNpy(new Uint8Array(readFileSync(join(dir, 'pred.npy'))))
    expect(pred.dtype).toBe('float32')
    expect(pred.shape).toEqual([200, 2])
    // infer's logits give the accuracy eval reported
    let correct = 0
    for (let i = 0; i < 200; i++) if (Number(pred.data[2 * i + 1]! > pred.data[2 * i]!) === ids[i]) correct++
    expect(correct / 200).toBeCloseTo(accuracy, 10)
  })

  it('trains from a CSV table with a header and a text label column', async () => {
    const data = spirals({ samples: 120 })
    const ids = data.labels.kind === 'classes' ? data.labels.ids : new Int32Array()
    const rows = Array.from(
      ids,
      (id, i) => `${data.features[2 * i]},${data.features[2 * i + 1]},${id ? 'outer' : 'inner'}`,
    )
    writeFileSync(join(dir, 'points.csv'), `x1,x2,label\n${rows.join('\n')}\n`)
    const run = await runCli(
      ['train', 'mlp-spirals', '--data', 'points.csv', '--epochs', '2', '--out', 'run'],
      dir,
    )
    expect(run.stderr).toBe('')
    expect(run.summary).toMatchObject({ dataset: 'points.csv', train: { samples: 96 } })
    expect(existsSync(join(dir, 'run/weights.safetensors'))).toBe(true)
  })

  it('prints plain progress lines without a terminal, and the JSON summary last', async () => {
    const run = await runCli(['train', 'mlp-spirals', '--steps', '40', '--log-every', '10'], dir)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines.filter((l) => /^epoch \d+\/\d+ {2}step \d+\/40 {2}loss /.test(l))).toHaveLength(4)
    expect(run.stdout).not.toContain('\r')
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ command: 'train', steps: 40 })
  })
})
