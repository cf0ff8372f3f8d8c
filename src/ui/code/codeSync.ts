import { type EmittedCode, emitCode, type NodeLines } from '../../graph/code/emitCode'
import { mergeTracedDocument } from '../../graph/code/mergeTrace'
import type { TraceResult } from '../../graph/code/traceCode'
import type { ModelDocument } from '../../graph/document/schema'
import { isSuperseded, type SupersededTrace } from '../../workers/traceAnswer'
import type { TraceRequestOptions } from '../../workers/traceScheduler'
import type { AppState, AppStore } from '../store/appState'

/** The part of the trace worker client the sync needs (a fake in tests). */
export interface TraceClientLike {
  trace(code: string, options?: TraceRequestOptions): Promise<TraceResult | SupersededTrace>
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

/** Said when a trace lands after a graph edit that changed the code face while it ran. */
export const CODE_OVER_GRAPH_NOTICE =
  'The graph changed while your code was being traced; your code was applied over that change. Undo brings the graph edit back.'

/** Said when opening another document drops typing that was never traced. */
export const DROPPED_ON_LOAD_NOTICE =
  'Code you were typing had not been traced yet; it was not applied to the document just opened.'

/**
 * The code sync: graph -> code and code -> graph.
 *
 * - A document change that did not come from the code (a canvas edit, undo, a load) sets the text
 *   to the document's code face, `doc.code ?? emitCode(doc).code`, when that face changed. A
 *   change that leaves the face as it was (a move, an auto-layout) touches neither the text nor
 *   a pending trace.
 * - Typed text is never dropped silently: when a graph edit changes the code face while the user
 *   has untraced text (typing not yet traced, or a trace of it still running), the text stays in
 *   the editor and is traced at once; its graph is applied over the edit, which stays one undo
 *   step back, and a notice says so. Only opening another document drops such text, with a
 *   notice.
 * - An edit is traced in the worker after `debounceMs` of quiet. Success applies the traced graph
 *   (merged so positions survive) as a `replaceDocument` change from the code; failure keeps the
 *   graph, stores the text as `doc.code` (a `setCode` change, so Save keeps it) and records the
 *   errors for the editor markers and the status bar.
 * - Results of a trace overtaken by a newer edit, or superseded in the client, are dropped.
 */
export function createCodeSync(
  store: AppStore,
  client: TraceClientLike,
  options: CodeSyncOptions = {},
): CodeSync {
  const debounceMs = options.debounceMs ?? 400
  const timeoutOptions = options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}
  // Line ranges of code texts seen from traces, so undoing back to user code keeps highlights.
  const linesByText = new Map<string, NodeLines>()
  // emitCode of each document object seen, so comparing code faces costs one emit per document.
  const emitted = new WeakMap<ModelDocument, EmittedCode>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let pendingText = ''
  // Bumped when the text changes hands (the user typed, the graph replaced it, a run started):
  // a trace answers only if its generation is still the current one.
  let generation = 0
  // The generation of the trace in flight, while it is the latest.
  let tracing: number | undefined
  // A graph edit changed the code face while the current trace ran.
  let overridden = false

  const emittedOf = (doc: ModelDocument): EmittedCode => {
    let e = emitted.get(doc)
    if (!e) {
      e = emitCode(doc)
      emitted.set(doc, e)
    }
    return e
  }
  const codeFace = (doc: ModelDocument): string => doc.code ?? emittedOf(doc).code

  const cancelPending = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }
  const hasUntracedText = () => timer !== undefined || (tracing !== undefined && tracing === generation)

  const showDocument = (doc: ModelDocument) => {
    cancelPending()
    generation++
    overridden = false
    if (doc.code !== undefined) {
      store.getState().setCode({
        text: doc.code,
        nodeLines: linesByText.get(doc.code) ?? {},
        errors: [],
        status: 'synced',
      })
      return
    }
    const { code, nodeLines } = emittedOf(doc)
    store.getState().setCode({ text: code, nodeLines, errors: [], status: 'synced' })
  }

  const run = async (text = store.getState().code.text): Promise<void> => {
    cancelPending()
    const mine = ++generation
    tracing = mine
    store.getState().setCode({ text, status: 'tracing' })
    const untrusted = isCodeLocked(store.getState().doc)
    let outcome: TraceResult | SupersededTrace
    try {
      outcome = await client.trace(text, { ...timeoutOptions, untrusted })
    } catch (e) {
      outcome = {
        ok: false,
        errors: [{ message: e instanceof Error ? e.message : String(e), line: 1, column: 1 }],
      }
    }
    if (tracing === mine) tracing = undefined
    if (mine !== generation || isSuperseded(outcome)) return
    const graphEdited = overridden
    overridden = false
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
    if (graphEdited) store.getState().notify(CODE_OVER_GRAPH_NOTICE, 'info')
  }

  const edit = (text: string) => {
    const state = store.getState()
    if (text === state.code.text) return
    generation++
    state.setCode({ text, status: 'editing' })
    if (isCodeLocked(state.doc)) return
    cancelPending()
    pendingText = text
    timer = setTimeout(() => {
      timer = undefined
      void run(text)
    }, debounceMs)
  }

  /** A document change that did not come from the code. */
  const onGraphChange = (state: AppState, prev: AppState) => {
    const loaded = state.changeSource === 'load'
    if (!loaded && codeFace(state.doc) === codeFace(prev.doc)) return
    if (!hasUntracedText()) {
      showDocument(state.doc)
      return
    }
    if (loaded) {
      showDocument(state.doc)
      store.getState().notify(DROPPED_ON_LOAD_NOTICE, 'info')
      return
    }
    // The user's text wins over the graph edit: it stays, and is traced now rather than later.
    overridden = true
    if (timer !== undefined) void run(pendingText)
  }

  showDocument(store.getState().doc)
  const unsubscribe = store.subscribe((state, prev) => {
    if (state.revision !== prev.revision && state.changeSource !== 'code') onGraphChange(state, prev)
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
