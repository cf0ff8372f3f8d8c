import type { StateCreator } from 'zustand/vanilla'
import type { Dataset } from '../../engine/data/dataset'
import type { BackendChoice, EngineEvent, RunStatus } from '../../workers/engine/protocol'
import type { AppState } from './appState'

/** One validation result, at the end of an epoch. */
export interface ValidationPoint {
  readonly epoch: number
  readonly step: number
  readonly loss: number
  readonly accuracy: number | null
}

/**
 * The training curve as columns (uPlot's layout): step numbers and losses. Appended per metrics
 * event into new arrays, so a selector sees a new object when points arrive.
 */
export interface LossCurve {
  readonly steps: readonly number[]
  readonly losses: readonly number[]
}

/** What the run panel shows: the worker's status and the metrics it streamed. */
export interface RunView {
  /** The backend the user asked for (the status says which one runs). */
  readonly backend: BackendChoice
  readonly status: RunStatus | null
  readonly curve: LossCurve
  readonly validation: readonly ValidationPoint[]
  readonly stepsPerSecond: number
  /** A request the worker refused (compile errors, bad input), shown until the next run. */
  readonly error: string | null
  /** Phase changes and status messages of this run, oldest first (the last `MAX_LOG` kept). */
  readonly log: readonly RunLogEntry[]
  /** Metrics events received this run (the worker streams them at >= 10 Hz while training). */
  readonly metricsEvents: number
  /** The learning rate the run started with (the lr plot), null before any run. */
  readonly lr?: number | null
}

/** One line of the run log: a phase the run entered, with the worker's message. */
export interface RunLogEntry {
  readonly phase: RunStatus['phase']
  readonly reason?: RunStatus['reason']
  readonly message?: string
  readonly step: number
}

/** Run log entries kept. */
export const MAX_LOG = 50

export interface RunSlice {
  run: RunView
  /**
   * Datasets the user uploaded this session (CSV, NPY pairs), by file name. A run whose
   * `training.dataset` names one sends its arrays to the worker.
   */
  uploads: readonly Dataset[]
  /** Adds an uploaded dataset, replacing one of the same name. */
  addUpload(dataset: Dataset): void
  setRunBackend(backend: BackendChoice): void
  /**
   * Folds an event from the engine worker into the view; `received` is how many worker events it
   * merges (the run controller batches metrics between renders).
   */
  applyRunEvent(event: EngineEvent, received?: number): void
  setRunError(error: string | null): void
  /** Clears the curves before a new run; `start.lr` is the learning rate it starts with. */
  resetRunMetrics(start?: { readonly lr: number | null }): void
}

/** Points kept on the curve; older ones are thinned (every other one dropped) past this. */
export const MAX_CURVE_POINTS = 20_000

const EMPTY_CURVE: LossCurve = { steps: [], losses: [] }

/**
 * Appends points, thinning the older half when the curve would pass `MAX_CURVE_POINTS`. Points are
 * keyed by step: after a recovery the worker resends the steps since its checkpoint, and those
 * replace what the curve had from that step on.
 */
export function appendCurve(curve: LossCurve, points: readonly { step: number; loss: number }[]): LossCurve {
  const first = points[0]?.step ?? Number.POSITIVE_INFINITY
  let keepBefore = curve.steps.length
  while (keepBefore > 0 && curve.steps[keepBefore - 1]! >= first) keepBefore--
  let steps = [...curve.steps.slice(0, keepBefore), ...points.map((p) => p.step)]
  let losses = [...curve.losses.slice(0, keepBefore), ...points.map((p) => p.loss)]
  if (steps.length > MAX_CURVE_POINTS) {
    const recent = steps.length - MAX_CURVE_POINTS / 2
    const keep = (_: number, i: number) => i % 2 === 0 || i >= recent
    steps = steps.filter(keep)
    losses = losses.filter(keep)
  }
  return { steps, losses }
}

/** The run panel's state; the run controller (src/ui/run) feeds it from the engine worker. */
export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set, get) => ({
  run: {
    backend: 'auto',
    status: null,
    curve: EMPTY_CURVE,
    validation: [],
    stepsPerSecond: 0,
    error: null,
    log: [],
    metricsEvents: 0,
    lr: null,
  },
  uploads: [],
  addUpload(dataset) {
    set({ uploads: [...get().uploads.filter((d) => d.name !== dataset.name), dataset] })
  },
  setRunBackend(backend) {
    set({ run: { ...get().run, backend } })
  },
  applyRunEvent(event, received = 1) {
    const run = get().run
    if (event.type === 'status') {
      const s = event.status
      const last = run.log.at(-1)
      const changed = !last || last.phase !== s.phase || last.message !== s.message
      const entry: RunLogEntry = {
        phase: s.phase,
        step: s.step,
        ...(s.reason ? { reason: s.reason } : {}),
        ...(s.message ? { message: s.message } : {}),
      }
      set({ run: { ...run, status: s, log: changed ? [...run.log, entry].slice(-MAX_LOG) : run.log } })
    } else
      set({
        run: {
          ...run,
          ...(event.status ? { status: event.status } : {}),
          curve: event.train.length > 0 ? appendCurve(run.curve, event.train) : run.curve,
          validation: event.validation.length > 0 ? [...run.validation, ...event.validation] : run.validation,
          stepsPerSecond: event.stepsPerSecond,
          metricsEvents: run.metricsEvents + received,
        },
      })
  },
  setRunError(error) {
    set({ run: { ...get().run, error } })
  },
  resetRunMetrics(start) {
    set({
      run: {
        ...get().run,
        curve: EMPTY_CURVE,
        validation: [],
        stepsPerSecond: 0,
        error: null,
        log: [],
        metricsEvents: 0,
        lr: start?.lr ?? null,
      },
    })
  },
})
