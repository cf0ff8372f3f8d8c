import type { Dataset } from '../../engine/data/dataset'
import { createCpuExecutor } from '../../engine/train/cpuExecutor'
import type { TrainExecutor } from '../../engine/train/executor'
import type { BackendSelection, ExecutorFactory } from './backendSelection'
import { createEngineClient, type EngineClient } from './engineClient'
import type { EngineEvent, MetricsEvent, RunPhase, RunStatus } from './protocol'
import { loadBuiltinDataset } from './runPlan'
import { eventPoster, serveEngine } from './serveEngine'
import { type SessionDeps, TrainingSession } from './session'

/** The CPU backend as a selection, with its executors made by `factory`. */
export function cpuSelection(
  factory: ExecutorFactory = async (s, i) => createCpuExecutor(s, i),
): BackendSelection {
  return {
    backend: 'cpu',
    adapter: 'cpu',
    reason: 'cpu: chosen in the run settings',
    createExecutor: factory,
  }
}

/** A client and a session wired through a real `MessageChannel`, with every event recorded. */
export interface Harness {
  readonly client: EngineClient
  readonly session: TrainingSession
  readonly events: EngineEvent[]
  /** Train losses reported so far, by step (a recomputed step keeps its last report). */
  losses(): Map<number, number>
  metrics(): MetricsEvent[]
  statuses(): RunStatus[]
  /** Resolves with the first status (from now on, or already seen with `seen`) in `phase`. */
  phase(phase: RunPhase, seen?: boolean): Promise<RunStatus>
  close(): void
}

/** Options of `connect`. */
export interface HarnessOptions {
  readonly selection?: BackendSelection
  readonly loadDataset?: (name: string) => Promise<Dataset>
  readonly deps?: Partial<SessionDeps>
}

/**
 * The engine worker's request loop and the page's client, in one process: the session runs on
 * one end of a `MessageChannel` exactly as `engineWorker.ts` runs it, the client on the other.
 */
export function connect(options: HarnessOptions = {}): Harness {
  const channel = new MessageChannel()
  const events: EngineEvent[] = []
  const waiters: { phase: RunPhase; resolve: (s: RunStatus) => void }[] = []
  const session = new TrainingSession({
    emit: eventPoster(channel.port2),
    loadDataset: options.loadDataset ?? ((name) => loadBuiltinDataset(name)),
    selectBackend: async () => options.selection ?? cpuSelection(),
    ...options.deps,
  })
  const detach = serveEngine(channel.port2, session)
  const client = createEngineClient(channel.port1)
  client.onEvent((event) => {
    events.push(event)
    if (event.type !== 'status') return
    for (const w of [...waiters])
      if (w.phase === event.status.phase) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(event.status)
      }
  })
  const statuses = () => events.flatMap((e) => (e.type === 'status' ? [e.status] : []))
  return {
    client,
    session,
    events,
    losses() {
      const out = new Map<number, number>()
      for (const e of events) if (e.type === 'metrics') for (const p of e.train) out.set(p.step, p.loss)
      return out
    },
    metrics: () => events.filter((e): e is MetricsEvent => e.type === 'metrics'),
    statuses,
    phase(phase, seen = false) {
      const already = seen ? statuses().find((s) => s.phase === phase) : undefined
      if (already) return Promise.resolve(already)
      return new Promise((resolve) => waiters.push({ phase, resolve }))
    },
    close() {
      client.dispose()
      detach()
      void session.dispose()
      channel.port1.close()
      channel.port2.close()
    },
  }
}

/**
 * A CPU executor whose device is "lost" once `lostAt` steps are queued: that enqueue and every
 * later call throw the error a lost WebGPU device gives.
 */
export function losingExecutor(inner: TrainExecutor, lostAt: number): TrainExecutor {
  let lost = false
  const check = () => {
    if (lost) throw new Error('GPUDevice was lost: the device was destroyed')
  }
  return {
    backend: 'webgpu',
    get queued() {
      return inner.queued
    },
    async enqueue(batch, o) {
      check()
      if (inner.queued >= lostAt) {
        lost = true
        check()
      }
      return inner.enqueue(batch, o)
    },
    async losses(wait) {
      check()
      return inner.losses(wait)
    },
    async state() {
      check()
      return inner.state()
    },
    async load(s) {
      check()
      return inner.load(s)
    },
    destroy: () => inner.destroy(),
  }
}
