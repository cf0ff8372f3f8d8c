import type { WeightMap } from '../../workers/engine/protocol'
import type { RunController } from '../run/runController'
import type { AppStore } from '../store/appState'
import type { ModelWeights } from './versionModel'

/** Puts weights into the engine worker's compiled model (its `setWeights` request). */
export type LoadWeightsIntoRun = (weights: WeightMap) => Promise<unknown>

/** The run controller's `setWeights`: loads weights into the engine worker's compiled model. */
export function runWeightsLoader(run: RunController): LoadWeightsIntoRun {
  return (weights) => run.setWeights(weights)
}

/** Parameters and buffers as one map by state_dict key (what `setWeights` takes). */
export function flatWeights(w: ModelWeights): WeightMap {
  return { ...w.params, ...w.buffers }
}

/** Phases in which the worker holds a model that is not training (weights can be replaced). */
const HOLDS_MODEL = new Set(['ready', 'paused', 'done', 'stopped'])

/**
 * Rolls the model back to a version in one click: its document replaces the current one (one
 * undo step), its weights become the model's weights (exported, and given to the engine worker's
 * model when it holds one and the controller can load weights), and it becomes the parent of the
 * next run. A run in progress is not touched.
 * @returns whether the version exists.
 */
export async function rollBack(
  store: AppStore,
  version: string,
  loadIntoRun: LoadWeightsIntoRun | null = null,
): Promise<boolean> {
  const state = store.getState()
  const target = state.versions.find((v) => v.version === version)
  if (!target) {
    state.notify(`There is no version ${version} to roll back to.`, 'error')
    return false
  }
  state.apply({ kind: 'replaceDocument', doc: target.doc }, `roll back to ${version}`, 'load')
  state.clearSelection()
  state.setLoadedWeights({ weights: target.weights, from: `version ${version}` })
  state.setCurrentVersion(version)
  state.requestFitView()
  const phase = store.getState().run.status?.phase
  let where = 'its weights are the model’s until the next run'
  if (loadIntoRun && phase && HOLDS_MODEL.has(phase)) {
    try {
      await loadIntoRun(flatWeights(target.weights))
      where = 'its weights are loaded into the engine'
    } catch {
      // the compiled model has another architecture: the weights stay in the store
    }
  }
  store.getState().notify(`Rolled back to ${version}: ${where}.`)
  return true
}
