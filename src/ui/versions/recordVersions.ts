import type { ModelDocument } from '../../graph/document/schema'
import type { RunPhase } from '../../workers/engine/protocol'
import type { RunController } from '../run/runController'
import type { AppStore } from '../store/appState'
import { copyWeights, type ModelVersion, nextVersion } from './versionModel'

/** Phases a run ends in that make it a version. */
const FINISHED: ReadonlySet<RunPhase> = new Set(['done', 'stopped'])

/** What the recorder remembers of the run in progress. */
interface RunInProgress {
  readonly doc: ModelDocument
  readonly parent: string | null
  recorded: boolean
}

/**
 * Makes every finished run (done, or stopped after at least one step) a version in the store:
 * the document it was compiled from, its setup, curve, validation points and the worker's final
 * weights, with the next semver and the version it started from as parent. A new run clears the
 * weights loaded by an import or a rollback (from then on the run's weights are the model's).
 * Plain object with `destroy`, like the other controllers.
 */
export function recordVersions(
  store: AppStore,
  run: Pick<RunController, 'getWeights'>,
  now: () => Date = () => new Date(),
): { destroy(): void } {
  let current: RunInProgress | null = null
  let lastPhase: RunPhase | undefined

  const record = async (progress: RunInProgress) => {
    progress.recorded = true
    let weights: ModelVersion['weights']
    try {
      weights = copyWeights(await run.getWeights())
    } catch (e) {
      store.getState().notify(`The run finished but its weights could not be read: ${String(e)}`, 'error')
      return
    }
    // the weights' answer comes after every metrics event the worker sent before it
    const state = store.getState()
    const status = state.run.status
    const version: ModelVersion = {
      version: nextVersion(state.versions.map((v) => v.version)),
      parent: progress.parent,
      createdAt: now().toISOString(),
      outcome: status?.phase === 'stopped' ? 'stopped' : 'done',
      doc: progress.doc,
      setup: {
        training: progress.doc.training ?? null,
        backend: status?.backend ?? null,
        steps: status?.step ?? 0,
        epochs: status?.epochs ?? 0,
      },
      curve: state.run.curve,
      validation: state.run.validation,
      weights,
    }
    state.addVersion(version)
    state.notify(`Version ${version.version} saved (${version.setup.steps} steps).`)
  }

  const unsubscribe = store.subscribe((state) => {
    const status = state.run.status
    const phase = status?.phase
    if (phase === lastPhase) return
    const previous = lastPhase
    lastPhase = phase
    if (phase === 'compiling') {
      current = { doc: state.doc, parent: state.currentVersion, recorded: false }
    } else if (phase === 'training' && previous !== 'paused' && previous !== 'recovering') {
      if (state.loadedWeights) state.setLoadedWeights(null)
    } else if (phase && FINISHED.has(phase) && current && !current.recorded && (status?.step ?? 0) > 0) {
      void record(current)
    }
  })
  return { destroy: unsubscribe }
}
