import type { EngineClient, RequestPayload } from '../../workers/engine/engineClient'
import type {
  Checkpoint,
  CompileOptions,
  EngineRequestType,
  EngineResults,
  RunStatus,
  WeightMap,
} from '../../workers/engine/protocol'
import type { AppStore } from '../store/appState'
import { createMetricsBatcher } from './metricsBatcher'

/** What the controller needs of the engine client: the client itself, or a fake in tests. */
export type EngineClientLike = EngineClient

/** The run controls, for the run panel and for `window.triad.run`. */
export interface RunController {
  /**
   * Compiles the current document in the engine worker and starts training it. Options override
   * the document's training setup (a short test run: `{ steps: 50 }`).
   * @returns the status once the run started; rejects with the worker's message when it refused.
   */
  train(options?: Partial<CompileOptions>): Promise<RunStatus>
  pause(): Promise<RunStatus>
  resume(): Promise<RunStatus>
  stop(): Promise<RunStatus>
  /** Runs `count` steps while paused. */
  step(count?: number): Promise<RunStatus>
  getWeights(): Promise<EngineResults['getWeights']>
  /** Replaces the compiled model's weights (parameters and buffers by state_dict key). */
  setWeights(weights: WeightMap): Promise<RunStatus>
  checkpoint(): Promise<Checkpoint>
  predict(input: Float32Array, rows: number): Promise<EngineResults['predict']>
  /** Test hook: destroys the worker's GPU device mid-run. */
  loseDevice(): Promise<RunStatus>
  dispose(): void
}

/**
 * Drives the engine worker for the page: starts it on first use, folds its events into the
 * store (`applyRunEvent`), and turns refused requests into the run panel's error text. Nothing
 * here waits on the GPU: every call is a message to the worker.
 */
export function createRunController(store: AppStore, makeClient: () => EngineClientLike): RunController {
  let client: EngineClientLike | null = null
  const batcher = createMetricsBatcher((event, received) => store.getState().applyRunEvent(event, received))
  const connect = (): EngineClientLike => {
    if (!client) {
      client = makeClient()
      client.onEvent(batcher.push)
    }
    return client
  }
  /** Sends a request; a refusal is shown in the panel and rethrown for the caller. */
  async function send<T extends EngineRequestType>(
    type: T,
    payload: RequestPayload<T>,
    /** Leave the panel's error alone: the caller shows the failure (the task views' predictions). */
    quiet = false,
  ): Promise<EngineResults[T]> {
    try {
      return await (connect().request as (t: T, p: RequestPayload<T>) => Promise<EngineResults[T]>)(
        type,
        payload,
      )
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      if (!quiet) store.getState().setRunError(message)
      throw e instanceof Error ? e : new Error(message)
    }
  }
  return {
    async train(options = {}) {
      const state = store.getState()
      const setup = state.doc.training
      state.resetRunMetrics({ lr: options.lr ?? setup?.optimizer.lr ?? null })
      // data the user uploaded lives in the page: the worker gets its arrays with the document
      const uploaded =
        options.dataset === undefined && setup?.dataset
          ? state.uploads.find((d) => d.name === setup.dataset)
          : undefined
      const compileOptions: CompileOptions = {
        backend: state.run.backend,
        ...(uploaded ? { data: uploaded } : {}),
        ...options,
      }
      await send('compile', { document: structuredClone(state.doc), options: compileOptions })
      // weights from an import or a rolled-back version are where this run starts
      const loaded = state.loadedWeights
      if (loaded) {
        try {
          await connect().request('setWeights', {
            weights: { ...loaded.weights.params, ...loaded.weights.buffers },
          })
          state.notify(`Training starts from the weights of ${loaded.from}.`)
        } catch (e) {
          state.notify(
            `The weights of ${loaded.from} do not fit this model (${e instanceof Error ? e.message : String(e)}); training starts from fresh weights.`,
            'error',
          )
        }
      }
      return send('train', {})
    },
    pause: () => send('pause', {}),
    resume: () => send('resume', {}),
    stop: () => send('stop', {}),
    step: (count = 1) => send('step', { count }),
    getWeights: () => send('getWeights', {}),
    setWeights: (weights) => send('setWeights', { weights }),
    checkpoint: () => send('checkpoint', {}),
    predict: (input, rows) => send('predict', { input, rows }, true),
    loseDevice: () => send('loseDevice', {}),
    dispose() {
      batcher.flush()
      client?.dispose()
      client = null
    },
  }
}
