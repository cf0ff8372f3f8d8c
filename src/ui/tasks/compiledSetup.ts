import type { ModelDocument } from '../../graph/document/schema'
import type { AppStore } from '../store/appState'
import type { DataSetup } from './taskData'

/** The data setup a document trains on (its `training`), or null when it names no dataset. */
export function dataSetupOf(doc: ModelDocument): DataSetup | null {
  const t = doc.training
  if (!t?.dataset) return null
  return { dataset: t.dataset, validationSplit: t.validation_split ?? 0, seed: t.seed ?? 0 }
}

/** Two setups describe the same data and split. */
export function sameSetup(a: DataSetup | null, b: DataSetup | null): boolean {
  return (
    a === b ||
    (!!a && !!b && a.dataset === b.dataset && a.validationSplit === b.validationSplit && a.seed === b.seed)
  )
}

/**
 * Follows the data setup of the model the engine worker compiled: the document's setup is read
 * when a compile starts (the run enters `compiling`), not on every edit, so the task views never
 * ask the worker about data its model was not built for. Calls `onChange` with each new setup.
 * @returns the unsubscribe function.
 */
export function followCompiledSetup(
  store: AppStore,
  onChange: (setup: DataSetup | null) => void,
): () => void {
  let current: DataSetup | null = null
  let phase = store.getState().run.status?.phase
  // mounted after a compile: the document as it is now is the best guess
  if (phase && phase !== 'idle') {
    current = dataSetupOf(store.getState().doc)
    onChange(current)
  }
  return store.subscribe((state) => {
    const next = state.run.status?.phase
    if (next === phase) return
    phase = next
    if (next !== 'compiling') return
    const setup = dataSetupOf(state.doc)
    if (sameSetup(setup, current)) return
    current = setup
    onChange(setup)
  })
}
