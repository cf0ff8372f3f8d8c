import type { StateCreator } from 'zustand/vanilla'
import type { CodeError } from '../../graph/code/codeError'
import type { NodeLines } from '../../graph/code/emitCode'
import type { AppState } from './appState'

/**
 * - `synced`: the text is what the graph says (emitted, or the code that produced the graph).
 * - `editing`: the user typed; a trace is scheduled.
 * - `tracing`: a trace is running in the worker.
 * - `error`: the last trace failed; the graph kept its last good state.
 */
export type CodeStatus = 'synced' | 'editing' | 'tracing' | 'error'

export interface CodeSlice {
  code: {
    text: string
    nodeLines: NodeLines
    errors: readonly CodeError[]
    status: CodeStatus
  }
  /** Updates part of the code state. */
  setCode(patch: Partial<CodeSlice['code']>): void
}

/** The code face as shown in the editor, with its trace status and errors. */
export const createCodeSlice: StateCreator<AppState, [], [], CodeSlice> = (set, get) => ({
  code: { text: '', nodeLines: {}, errors: [], status: 'synced' },
  setCode(patch) {
    set({ code: { ...get().code, ...patch } })
  },
})
