import { emitCode } from '../../graph/code/emitCode'
import { mergeTracedDocument } from '../../graph/code/mergeTrace'
import type { ModelDocument, NodeId } from '../../graph/document/schema'
import type { AppStore } from '../store/appState'
import type { CodeError, LineRange } from '../store/codeSlice'

/** What tracing the code face gives back (the worker client's result). */
export type TraceOutcome =
  | { ok: true; doc: ModelDocument; nodeLines: Record<NodeId, LineRange> }
  | { ok: false; errors: CodeError[] }

/** The part of the trace worker client the sync needs (a fake in tests). */
export interface TraceClientLike {
  trace(code: string, options?: { timeoutMs?: number }): Promise<TraceOutcome>
}

export interface CodeSyncOptions {
  /** Quiet time after the last keystroke before the code is traced. */
  debounceMs?: number
  /** Time limit for one trace in the worker (default: the client's). */
  timeoutMs?: number
}

/** Keeps the code face and the graph in step; see `createCodeSync`. */
export interface CodeSync {
  /** The user typed: the text is kept and traced once typing pauses. */
  edit(text: string): void
  /** Traces `text` (default: the current code text) now; resolves when applied or failed. */
  run(text?: string): Promise<void>
  destroy(): void
}

/** True when the document's code came from a file and has not been run: shown, never traced. */
export function isCodeLocked(doc: ModelDocument): boolean {
  return doc.metadata.origin === 'external' && doc.code !== undefined
}

/**
 * The code sync: graph -> code and code -> graph.
 *
 * - A document change that did not come from the code (a canvas edit, undo, a load) sets the text
 *   to `doc.code ?? emitCode(doc).code`.
 * - An edit is traced in the worker after `debounceMs` of quiet. Success applies the traced graph
 *   (merged so positions survive) as a `replaceDocument` change from the code; failure keeps the
 *   graph, stores the text as `doc.code` (a `setCode` change, so Save keeps it) and records the
 *   errors for the editor markers and the status bar.
 * - Results of a trace overtaken by a newer edit are dropped.
 */
export function createCodeSync(
  store: AppStore,
  client: TraceClientLike,
  options: CodeSyncOptions = {},
): CodeSync {
  const debounceMs = options.debounceMs ?? 400
  const traceOptions = options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : undefined
  // Line ranges of code texts seen from traces, so undoing back to user code keeps highlights.
  const linesByText = new Map<string, Record<NodeId, LineRange>>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let generation = 0

  const cancelPending = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }

  const showDocument = (doc: ModelDocument) => {
    cancelPending()
    generation++
    if (doc.code !== undefined) {
      store.getState().setCode({
        text: doc.code,
        nodeLines: linesByText.get(doc.code) ?? {},
        errors: [],
        status: 'synced',
      })
      return
    }
    const emitted = emitCode(doc)
    store
      .getState()
      .setCode({ text: emitted.code, nodeLines: emitted.nodeLines, errors: [], status: 'synced' })
  }

  const run = async (text = store.getState().code.text): Promise<void> => {
    cancelPending()
    const mine = ++generation
    store.getState().setCode({ text, status: 'tracing' })
    let outcome: TraceOutcome
    try {
      outcome = await client.trace(text, traceOptions)
    } catch (e) {
      outcome = {
        ok: false,
        errors: [{ message: e instanceof Error ? e.message : String(e), line: 1, column: 1 }],
      }
    }
    if (mine !== generation) return
    const state = store.getState()
    if (!outcome.ok) {
      // The graph keeps its last good state; the text is kept in the document so it is saved.
      if (state.doc.code !== text && !isCodeLocked(state.doc))
        state.apply({ kind: 'setCode', code: text }, 'edit code', 'code')
      store.getState().setCode({ errors: outcome.errors, status: 'error' })
      const first = outcome.errors[0]
      state.notify(
        first ? `Code error (line ${first.line}): ${first.message}` : 'The code did not trace.',
        'error',
      )
      return
    }
    linesByText.set(text, outcome.nodeLines)
    if (linesByText.size > 50) linesByText.delete(linesByText.keys().next().value as string)
    const merged = mergeTracedDocument(state.doc, outcome.doc)
    // Code that ran is trusted from now on: the document is no longer "external".
    const wasExternal = state.doc.metadata.origin === 'external' || merged.metadata.origin === 'external'
    const doc: ModelDocument = wasExternal
      ? { ...merged, metadata: { ...merged.metadata, origin: 'local' } }
      : merged
    state.apply({ kind: 'replaceDocument', doc }, 'edit code', 'code')
    store.getState().setCode({ nodeLines: outcome.nodeLines, errors: [], status: 'synced' })
  }

  const edit = (text: string) => {
    const state = store.getState()
    if (text === state.code.text) return
    generation++
    state.setCode({ text, status: 'editing' })
    if (isCodeLocked(state.doc)) return
    cancelPending()
    timer = setTimeout(() => {
      timer = undefined
      void run(text)
    }, debounceMs)
  }

  showDocument(store.getState().doc)
  const unsubscribe = store.subscribe((state, prev) => {
    if (state.revision !== prev.revision && state.changeSource !== 'code') showDocument(state.doc)
  })

  return {
    edit,
    run,
    destroy() {
      cancelPending()
      unsubscribe()
    },
  }
}
