import type { ModelDocument } from '../../graph/document/schema'
import { parseDocument } from '../../graph/document/validate'
import type { ShapeReport } from '../../graph/shapes/report'
import type { CodeSync } from '../code/codeSync'
import { type EditorMarker, editorMarkers } from '../code/editorMarkers'
import { createShippingApi, type ShippingApi } from '../export/shippingApi'
import type { RunController } from '../run/runController'
import type { Session } from '../session'
import type { AppStore } from '../store/appState'
import type { RunView } from '../store/runSlice'

/**
 * The automation surface on `window.triad`, for end-to-end tests and scripting. Values handed
 * out are copies: changing them does not change the app. Shipping (export, verify, import,
 * versions, rollback) comes from `ShippingApi`.
 */
export interface TriadApi extends ShippingApi {
  /** The current model document. */
  getDocument(): ModelDocument
  /**
   * Replaces the document (validated like an opened file) and starts a fresh undo history.
   * @throws Error listing every problem when the document does not validate.
   */
  loadDocument(doc: unknown): void
  /** The code face as the editor shows it. */
  getCode(): string
  /** Sets the code face and traces it; resolves once the graph was updated or the errors shown. */
  setCode(text: string): Promise<void>
  /**
   * Triad's own markers in the code editor (trace errors, owner `triad`; not the TypeScript
   * checker's squiggles), in line order; empty until the editor has loaded.
   */
  getMarkers(): EditorMarker[]
  /** The shape report of the current document. */
  getShapeReport(): ShapeReport
  /** Undoes one step; false when there was nothing to undo. */
  undo(): boolean
  /** Redoes one step; false when there was nothing to redo. */
  redo(): boolean
  /** The run controls (train, pause, resume, stop, step, weights, checkpoints), as the run panel uses them. */
  run: RunController
  /** The run panel's view: status, loss curve, validation points, speed (a copy). */
  getRun(): RunView
}

declare global {
  interface Window {
    triad: TriadApi
  }
}

/**
 * The automation API over a store and its code sync.
 * @param markers reads the editor's markers (default: the live Monaco editor's).
 */
export function createTriadApi(
  store: AppStore,
  codeSync: CodeSync,
  run: RunController,
  markers: () => EditorMarker[] = editorMarkers,
): TriadApi {
  return {
    ...createShippingApi(store, run),
    getDocument: () => structuredClone(store.getState().doc),
    loadDocument(doc) {
      const parsed = parseDocument(doc)
      if (!parsed.ok) throw new Error(`Invalid document:\n${parsed.errors.join('\n')}`)
      store.getState().load(parsed.doc)
      store.getState().requestFitView()
    },
    getCode: () => store.getState().code.text,
    setCode: (text) => codeSync.run(text),
    getMarkers: () => markers().map((m) => ({ line: m.line, message: m.message })),
    getShapeReport: () => structuredClone(store.getState().shapes),
    undo: () => store.getState().undo(),
    redo: () => store.getState().redo(),
    run,
    getRun: () => structuredClone(store.getState().run),
  }
}

/** Installs the automation API as `window.triad`. */
export function installTriadApi(target: Window, store: AppStore, session: Session): void {
  target.triad = createTriadApi(store, session.codeSync, session.run)
}
