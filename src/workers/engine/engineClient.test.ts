import { afterEach, describe, expect, it } from 'vitest'
import { createDataset } from '../../engine/data/dataset'
import { DataLoader } from '../../engine/data/loader'
import { spirals } from '../../engine/data/synthetic'
import { splitValidation } from '../../graph/fit/split'
import { mlpSpirals } from '../../graph/templates/mlpSpirals'
import { createEngineClient } from './engineClient'
import { connect, type Harness } from './engineTesting'
import type { CompileOptions } from './protocol'
import type { PortEvent } from './transport'

let harness: Harness | undefined
afterEach(() => {
  harness?.close()
  harness = undefined
})

const doc = mlpSpirals()
const options = (o: Partial<CompileOptions> = {}): CompileOptions => ({ backend: 'cpu', ...o })

function open(...args: Parameters<typeof connect>): Harness {
  harness = connect(...args)
  return harness
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

describe('the engine client and worker loop', () => {
  it('trains spirals to the end: the loss falls, steps are reported in order, validation at epoch ends (at most every 250 ms, always the last)', async () => {
    const h = open()
    const compiled = await h.client.request('compile', { document: doc, options: options({ epochs: 30 }) })
    expect(compiled.status.phase).toBe('ready')
    const total = compiled.status.totalSteps
    expect(total).toBe(30 * Math.ceil(Math.floor(0.8 * spirals().size) / 32))
    expect(compiled.params).toBe(2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2)
    const done = h.phase('done')
    const started = await h.client.request('train')
    expect(started.phase).toBe('training')
    const end = await done
    expect(end.step).toBe(total)
    const losses = h.losses()
    expect([...losses.keys()]).toEqual(Array.from({ length: total }, (_, i) => i + 1))
    const values = [...losses.values()]
    expect(mean(values.slice(-10))).toBeLessThan(0.8 * mean(values.slice(0, 10)))
    const validation = h.metrics().flatMap((m) => m.validation)
    const epochs = validation.map((v) => v.epoch)
    expect(epochs[0]).toBe(1)
    expect(epochs.at(-1)).toBe(30)
    expect(epochs.every((e, i) => i === 0 || e > epochs[i - 1]!)).toBe(true)
    for (const v of validation) expect(v.step % (total / 30)).toBe(0)
    expect(validation.at(-1)!.accuracy).toBeGreaterThan(0.5)
    expect(h.statuses().map((s) => s.phase)).toEqual(['compiling', 'ready', 'training', 'done'])
  })

  it('pauses at a step boundary, stays still while paused, and resumes where it left off', async () => {
    const h = open()
    await h.client.request('compile', { document: doc, options: options({ steps: 100_000 }) })
    const firstMetrics = new Promise<void>((resolve) => {
      const off = h.client.onEvent((e) => {
        if (e.type === 'metrics' && e.train.length > 0) {
          off()
          resolve()
        }
      })
    })
    await h.client.request('train')
    await firstMetrics
    const paused = await h.client.request('pause')
    expect(paused).toMatchObject({ phase: 'paused', reason: 'user' })
    const reportedAtPause = Math.max(...h.losses().keys())
    expect(reportedAtPause).toBe(paused.step)
    await new Promise((r) => setTimeout(r, 30))
    expect(Math.max(...h.losses().keys())).toBe(paused.step)
    const resumed = await h.client.request('resume')
    expect(resumed.phase).toBe('training')
    const stopped = await h.client.request('stop')
    expect(stopped.phase).toBe('stopped')
    const after = [...h.losses().keys()].filter((s) => s > paused.step)
    expect(after[0]).toBe(paused.step + 1)
  })

  it('starts again from step 0 when trained after a stop', async () => {
    const h = open()
    await h.client.request('compile', { document: doc, options: options() })
    await h.client.request('step', { count: 4 })
    await h.client.request('stop')
    const firstLoss = h.losses().get(1)
    await h.client.request('train')
    const paused = await h.client.request('pause')
    expect(paused.step).toBeGreaterThanOrEqual(1)
    const restarts = h.metrics().flatMap((m) => m.train.filter((p) => p.step === 1))
    expect(restarts).toHaveLength(2)
    expect(restarts[1]!.loss).toBe(firstLoss)
  })

  it('runs step(3) as exactly three steps and stays paused', async () => {
    const h = open()
    await h.client.request('compile', { document: doc, options: options() })
    const status = await h.client.request('step', { count: 3 })
    expect(status).toMatchObject({ phase: 'paused', step: 3 })
    expect([...h.losses().keys()]).toEqual([1, 2, 3])
    const again = await h.client.request('step')
    expect(again.step).toBe(4)
  })

  it('predicts [rows, classes] and refuses an input of the wrong width with the fix', async () => {
    const h = open()
    await h.client.request('compile', { document: doc, options: options() })
    const { output, shape } = await h.client.request('predict', { input: new Float32Array(10), rows: 5 })
    expect(shape).toEqual([5, 2])
    expect(output).toBeInstanceOf(Float32Array)
    expect(output).toHaveLength(10)
    await expect(h.client.request('predict', { input: new Float32Array(9), rows: 5 })).rejects.toThrow(
      /9 values for 5 rows.*send rows × 2 values/,
    )
  })

  it('round-trips weights, and refuses a tensor of another shape naming it', async () => {
    const h = open()
    await h.client.request('compile', { document: doc, options: options() })
    const { params } = await h.client.request('getWeights')
    expect(Object.keys(params)).toContain('hidden1.weight')
    const changed = Object.fromEntries(
      Object.entries(params).map(([k, t]) => [k, { shape: t.shape, data: t.data.map((v) => v + 1) }]),
    )
    await h.client.request('setWeights', { weights: changed })
    const back = await h.client.request('getWeights')
    for (const [k, t] of Object.entries(changed)) expect(back.params[k]!.data).toEqual(t.data)
    const bad = { ...changed, 'hidden1.weight': { shape: [2, 16], data: new Float32Array(32) } }
    await expect(h.client.request('setWeights', { weights: bad })).rejects.toThrow(
      /'hidden1.weight' is \[2, 16\].*model's is \[16, 2\]/,
    )
  })

  it('restores a checkpoint: the steps after it give the same losses again', async () => {
    const h = open()
    await h.client.request('compile', { document: doc, options: options() })
    await h.client.request('step', { count: 5 })
    const checkpoint = await h.client.request('checkpoint')
    expect(checkpoint.step).toBe(5)
    await h.client.request('step', { count: 5 })
    const first = [6, 7, 8, 9, 10].map((s) => h.losses().get(s))
    const restored = await h.client.request('restore', { checkpoint })
    expect(restored.step).toBe(5)
    await h.client.request('step', { count: 5 })
    const replayed = h.metrics().flatMap((m) => m.train.filter((p) => p.step > 5).map((p) => p.loss))
    expect(replayed.slice(5)).toEqual(first)
  })

  it('pauses on a NaN loss with a message naming the step, and keeps the last good weights', async () => {
    const clean = spirals()
    // poison the first row of the 4th batch of epoch 1, found through the run's own split and loader
    const { train } = splitValidation(clean, 0.2, 0)
    const row = new DataLoader(train, { batchSize: 32, shuffle: true, seed: 0 }).batch(0, 3).x
    const index = Array.from({ length: clean.size }, (_, i) => i).find(
      (i) => clean.features[2 * i] === row[0] && clean.features[2 * i + 1] === row[1],
    )!
    const features = clean.features.slice()
    features[2 * index] = Number.NaN
    const poisoned = createDataset({ name: 'spirals', features, sampleShape: [2], labels: clean.labels })
    const h = open({ loadDataset: async () => poisoned })
    await h.client.request('compile', { document: doc, options: options() })
    const paused = h.phase('paused')
    await h.client.request('train')
    const status = await paused
    expect(status.reason).toBe('non-finite-loss')
    expect(status.step).toBe(3)
    const badStep = status.step + 1
    expect(status.message).toMatch(new RegExp(`became NaN at step ${badStep} .*lower the learning rate`))
    expect(Math.max(...h.losses().keys())).toBe(status.step)
    const kept = await h.client.request('getWeights')

    // the same run on clean data, stopped before the poisoned batch, has the same weights
    const reference = connect()
    try {
      await reference.client.request('compile', { document: doc, options: options() })
      if (status.step > 0) await reference.client.request('step', { count: status.step })
      const expected = await reference.client.request('getWeights')
      for (const [k, t] of Object.entries(expected.params)) expect(kept.params[k]!.data).toEqual(t.data)
    } finally {
      reference.close()
    }
  })

  it('rejects pending requests with a readable message when the worker fails', async () => {
    const listeners = new Map<string, (e: PortEvent) => void>()
    const port = {
      postMessage() {},
      addEventListener: (type: string, l: (e: PortEvent) => void) => listeners.set(type, l),
      removeEventListener: (type: string) => listeners.delete(type),
    }
    const client = createEngineClient(port)
    const pending = client.request('train')
    listeners.get('error')!({ message: 'Uncaught ReferenceError: GPUBufferUsage is not defined' })
    await expect(pending).rejects.toThrow(
      /train: the engine worker failed: Uncaught ReferenceError.*reload the page/,
    )
    const unreadable = client.request('pause')
    listeners.get('messageerror')!({})
    await expect(unreadable).rejects.toThrow(/could not be read/)
    client.dispose()
    await expect(client.request('stop')).rejects.toThrow(/disposed/)
  })

  it('answers a request before compile with the fix', async () => {
    const h = open()
    await expect(h.client.request('train')).rejects.toThrow(/nothing is compiled.*compile a model first/)
  })
})
