import { afterEach, describe, expect, it } from 'vitest'
import { createCpuExecutor } from '../../engine/train/cpuExecutor'
import type { TrainExecutor } from '../../engine/train/executor'
import { mlpSpirals } from '../../graph/templates/mlpSpirals'
import { connect, cpuSelection, type Harness, losingExecutor } from './engineTesting'
import type { CompileOptions, EngineEvent } from './protocol'
import { loadBuiltinDataset } from './runPlan'
import { TrainingSession } from './session'

let harness: Harness | undefined
afterEach(() => {
  harness?.close()
  harness = undefined
})

const doc = mlpSpirals()
const run: CompileOptions = { backend: 'cpu', steps: 60, checkpointEvery: 10 }

function open(...args: Parameters<typeof connect>): Harness {
  harness = connect(...args)
  return harness
}

/** Every step's loss of an uninterrupted run of `run`. */
async function uninterrupted(): Promise<Map<number, number>> {
  const h = connect()
  try {
    await h.client.request('compile', { document: doc, options: run })
    const done = h.phase('done')
    await h.client.request('train')
    await done
    return h.losses()
  } finally {
    h.close()
  }
}

describe('the training session under failures', () => {
  it('recovers from a lost device at the last checkpoint, and the losses equal an uninterrupted run', async () => {
    let made = 0
    const h = open({
      selection: cpuSelection(async (stepFor, initial) => {
        made++
        const inner = createCpuExecutor(stepFor, initial)
        return made === 1 ? losingExecutor(inner, 37) : inner
      }),
    })
    await h.client.request('compile', { document: doc, options: run })
    const done = h.phase('done')
    await h.client.request('train')
    await done
    expect(made).toBe(2)
    const recovering = h.statuses().find((s) => s.phase === 'recovering')!
    expect(recovering).toMatchObject({ reason: 'device-lost', checkpointStep: 30 })
    expect(recovering.message).toMatch(/device was lost .*resuming from the checkpoint of step 30/)
    expect(h.statuses().map((s) => s.phase)).toEqual([
      'compiling',
      'ready',
      'training',
      'recovering',
      'training',
      'done',
    ])
    expect(h.losses()).toEqual(await uninterrupted())
  })

  it('fails with reason device-lost after three recreations fail', async () => {
    let made = 0
    const h = open({
      selection: cpuSelection(async (stepFor, initial) => {
        made++
        if (made > 1) throw new Error('requestDevice: no adapter')
        return losingExecutor(createCpuExecutor(stepFor, initial), 12)
      }),
    })
    await h.client.request('compile', { document: doc, options: run })
    const failed = h.phase('failed')
    await h.client.request('train')
    const status = await failed
    expect(made).toBe(4)
    expect(status.reason).toBe('device-lost')
    expect(status.message).toMatch(
      /could not be recreated \(3 tries; last: requestDevice: no adapter\).*cpu backend/,
    )
  })

  it('recovers when told the device is lost while a step never answers', async () => {
    const events: EngineEvent[] = []
    let made = 0
    let hung: (() => void) | undefined
    const session = new TrainingSession({
      emit: (e) => events.push(e),
      loadDataset: (name) => loadBuiltinDataset(name),
      selectBackend: async () =>
        cpuSelection(async (stepFor, initial) => {
          made++
          const inner = createCpuExecutor(stepFor, initial)
          if (made > 1) return inner
          const hanging: TrainExecutor = {
            ...inner,
            backend: 'webgpu',
            queued: 0,
            enqueue: (batch, o) =>
              inner.queued >= 15 ? new Promise<void>((r) => (hung = r)) : inner.enqueue(batch, o),
            losses: (w) => inner.losses(w),
            state: () => inner.state(),
            load: (s) => inner.load(s),
          }
          return hanging
        }),
    })
    await session.compile(doc, run)
    await session.train()
    while (!hung) await new Promise((r) => setTimeout(r, 1))
    session.deviceLost('the GPU process crashed')
    while (session.status().phase !== 'done') await new Promise((r) => setTimeout(r, 1))
    expect(made).toBe(2)
    const recovering = events.find((e) => e.type === 'status' && e.status.phase === 'recovering')
    expect(recovering).toMatchObject({ status: { checkpointStep: 10 } })
    expect(session.status().step).toBe(60)
  })

  it('recovers a paused run whose device is lost, and the next request waits for the recovery', async () => {
    let made = 0
    const h = open({
      selection: cpuSelection(async (stepFor, initial) => {
        made++
        return createCpuExecutor(stepFor, initial)
      }),
    })
    await h.client.request('compile', { document: doc, options: run })
    await h.client.request('step', { count: 25 })
    h.session.deviceLost('destroyed: Device was destroyed.')
    const status = await h.client.request('step', { count: 2 })
    expect(made).toBe(2)
    expect(status).toMatchObject({ phase: 'paused', step: 22 })
    expect(h.statuses().map((s) => s.phase)).toContain('recovering')
    const expected = await uninterrupted()
    for (const s of [21, 22]) expect(h.losses().get(s)).toBe(expected.get(s))
  })

  it('fails an oversized model with its needs in bytes before making any weights', async () => {
    let made = 0
    const h = open({
      selection: {
        ...cpuSelection(async (stepFor, initial) => {
          made++
          return createCpuExecutor(stepFor, initial)
        }),
        limits: { maxBufferBytes: 256, maxTotalBytes: 1 << 30, device: 'this test device' },
      },
    })
    await expect(h.client.request('compile', { document: doc, options: run })).rejects.toThrow(
      /training this model needs [\d.]+ [kMG]?B .*this test device allows at most .* per buffer: reduce the batch size/,
    )
    const failed = await h.phase('failed', true)
    expect(failed.reason).toBe('out-of-memory')
    expect(made).toBe(0)
  })

  it('says which backend runs and why in every status', async () => {
    const h = open()
    const { status } = await h.client.request('compile', { document: doc, options: run })
    expect(status).toMatchObject({
      backend: 'cpu',
      adapter: 'cpu',
      backendReason: 'cpu: chosen in the run settings',
    })
  })

  it('refuses to step a finished run and to resume a stopped one, saying what to do', async () => {
    const h = open()
    await h.client.request('compile', { document: doc, options: { ...run, steps: 2 } })
    await h.client.request('step', { count: 5 })
    await expect(h.client.request('step')).rejects.toThrow(
      /every step of the run is done: train to start again/,
    )
    await h.client.request('stop')
    await expect(h.client.request('resume')).rejects.toThrow(/use train to start it again/)
  })

  it('fails a document without a dataset with the fix, as a failed status', async () => {
    const h = open()
    const { dataset: _, ...training } = doc.training!
    await expect(
      h.client.request('compile', { document: { ...doc, training }, options: run }),
    ).rejects.toThrow(/names no dataset: choose one/)
    expect((await h.phase('failed', true)).reason).toBe('error')
  })
})
