import type { CodeSync } from '../code/codeSync'
import type { AppStore } from '../store/appState'
import type { StoredProject } from './projectModel'

/**
 * Puts a stored project into the store: its document (a fresh undo history) with its code face,
 * code that was typed but never traced (traced now), the curve of its last run, its
 * versions, and its latest weights as `loadedWeights`, so the next run starts from them.
 */
export function showProject(
  store: AppStore,
  project: StoredProject,
  codeSync: Pick<CodeSync, 'edit'> | null = null,
): void {
  const { content, weights } = project
  const state = store.getState()
  state.load(content.doc)
  const text = content.untracedCode
  if (codeSync && text !== null && text !== store.getState().code.text) codeSync.edit(text)
  state.resetRunMetrics()
  if (content.curve.steps.length > 0 || content.validation.length > 0)
    state.applyRunEvent(
      {
        type: 'metrics',
        train: content.curve.steps.map((step, i) => ({ step, loss: content.curve.losses[i] ?? Number.NaN })),
        validation: content.validation,
        stepsPerSecond: 0,
      },
      0,
    )
  state.showProjectVersions(
    project.versions,
    content.currentVersion,
    weights ? { weights: weights.weights, from: weights.from } : null,
  )
  state.setProject(project.meta)
  state.clearSelection()
  state.requestFitView()
}
