import { describe, expect, it } from 'vitest'
import { storeWith } from '../testing/fixtures'
import { createRunController } from './runController'
import { fakeEngineClient } from './testing'

describe('the run controller', () => {
  it('starts the engine worker only when a run is asked for, then compiles the current document and trains it', async () => {
    const store = storeWith()
    const fake = fakeEngineClient()
    let started = 0
    const run = createRunController(store, () => {
      started++
      return fake.client
    })
    expect(started).toBe(0)
    store.getState().setRunBackend('cpu')
    await run.train({ steps: 20 })
    expect(started).toBe(1)
    expect(fake.sent.map((r) => r.type)).toEqual(['compile', 'train'])
    const compile = fake.sent[0]!.payload as { document: { name: string }; options: unknown }
    expect(compile.document.name).toBe(store.getState().doc.name)
    expect(compile.options).toEqual({ backend: 'cpu', steps: 20 })
    await run.pause()
    expect(started).toBe(1)
  })

  it('folds status and metrics events into the store', async () => {
    const store = storeWith()
    const fake = fakeEngineClient()
    const run = createRunController(store, () => fake.client)
    await run.train()
    fake.emit({ type: 'status', status: { phase: 'training', step: 2, totalSteps: 9, epoch: 1, epochs: 3 } })
    fake.emit({
      type: 'metrics',
      train: [
        { step: 1, loss: 0.9 },
        { step: 2, loss: 0.7 },
      ],
      validation: [{ epoch: 1, step: 2, loss: 0.8, accuracy: 0.5 }],
      stepsPerSecond: 40,
    })
    // metrics reach the store at the panel's render rate, not per worker event
    await new Promise((r) => setTimeout(r, 250))
    const view = store.getState().run
    expect(view.status?.step).toBe(2)
    expect(view.curve).toEqual({ steps: [1, 2], losses: [0.9, 0.7] })
    expect(view.validation).toHaveLength(1)
    expect(view.stepsPerSecond).toBe(40)
  })

  it('shows a refused request as the panel error and rethrows it; the next run clears it', async () => {
    const store = storeWith()
    let refuse = true
    const fake = fakeEngineClient((type) =>
      refuse && type === 'compile'
        ? new Error('the model has shape errors: fix hidden1 first')
        : { status: {} },
    )
    const run = createRunController(store, () => fake.client)
    await expect(run.train()).rejects.toThrow(/shape errors/)
    expect(store.getState().run.error).toMatch(/fix hidden1/)
    refuse = false
    await run.train()
    expect(store.getState().run.error).toBeNull()
  })

  it('disposes the worker client and starts a fresh one on the next run', async () => {
    const store = storeWith()
    const fakes = [fakeEngineClient(), fakeEngineClient()]
    let k = 0
    const run = createRunController(store, () => fakes[k++]!.client)
    await run.train()
    run.dispose()
    expect(fakes[0]!.disposed()).toBe(true)
    await run.train()
    expect(fakes[1]!.sent.map((r) => r.type)).toEqual(['compile', 'train'])
  })

  it('starts a run from imported or rolled-back weights: setWeights between compile and train', async () => {
    const store = storeWith()
    const fake = fakeEngineClient()
    const run = createRunController(store, () => fake.client)
    const w = { shape: [2], data: new Float32Array([1, 2]) }
    store
      .getState()
      .setLoadedWeights({ weights: { params: { 'a.weight': w }, buffers: {} }, from: 'version 0.1.0' })
    await run.train()
    expect(fake.sent.map((r) => r.type)).toEqual(['compile', 'setWeights', 'train'])
    expect((fake.sent[1]!.payload as { weights: Record<string, unknown> }).weights).toHaveProperty('a.weight')
    expect(store.getState().notice?.text).toMatch(/version 0\.1\.0/)
  })
})

describe('the run controller with uploaded data', () => {
  it('sends the arrays of the uploaded dataset the document names, and the run starts with its lr', async () => {
    const store = storeWith()
    const fake = fakeEngineClient()
    const run = createRunController(store, () => fake.client)
    const data = {
      name: 'points.csv',
      size: 2,
      features: new Float32Array([0, 1, 2, 3]),
      sampleShape: [2],
      labels: { kind: 'classes' as const, ids: Int32Array.from([0, 1]), numClasses: 2 },
    }
    store.getState().addUpload(data)
    const training = store.getState().doc.training ?? {
      loss: 'cross_entropy' as const,
      optimizer: { type: 'sgd' as const, lr: 0.5 },
      batch_size: 2,
      epochs: 1,
    }
    store.getState().apply({ kind: 'setTraining', training: { ...training, dataset: 'points.csv' } })
    await run.train()
    const options = (fake.sent[0]!.payload as { options: { data?: { name: string } } }).options
    expect(options.data?.name).toBe('points.csv')
    expect(store.getState().run.lr).toBe(training.optimizer.lr)
    // a built-in dataset named in the options wins over the upload
    await run.train({ dataset: 'moons' })
    expect((fake.sent[2]!.payload as { options: { data?: unknown } }).options.data).toBeUndefined()
  })
})
