import { type CodeSync, createCodeSync, type TraceClientLike } from './code/codeSync'
import { createRunController, type EngineClientLike, type RunController } from './run/runController'
import type { AppStore } from './store/appState'

/** The app's long-lived, non-React parts: the code sync with its trace worker, the run controller with the engine worker. */
export interface Session {
  codeSync: CodeSync
  run: RunController
  destroy(): void
}

/**
 * Starts the code sync over `store` with a trace client, and the run controller that starts the
 * engine worker (`makeEngineClient`) on first use; `destroy` stops them all.
 */
export function startSession(
  store: AppStore,
  client: TraceClientLike & { destroy?(): void },
  makeEngineClient: () => EngineClientLike,
): Session {
  const codeSync = createCodeSync(store, client)
  const run = createRunController(store, makeEngineClient)
  return {
    codeSync,
    run,
    destroy() {
      codeSync.destroy()
      run.dispose()
      client.destroy?.()
    },
  }
}
