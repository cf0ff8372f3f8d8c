import { type CodeSync, createCodeSync, type TraceClientLike } from './code/codeSync'
import type { AppStore } from './store/appState'

/** The app's long-lived, non-React parts: the code sync and the trace worker it uses. */
export interface Session {
  codeSync: CodeSync
  destroy(): void
}

/** Starts the code sync over `store` with a trace client; `destroy` stops both. */
export function startSession(store: AppStore, client: TraceClientLike & { destroy?(): void }): Session {
  const codeSync = createCodeSync(store, client)
  return {
    codeSync,
    destroy() {
      codeSync.destroy()
      client.destroy?.()
    },
  }
}
