import type { StateCreator } from 'zustand/vanilla'
import type { ModelVersion, ModelWeights } from '../versions/versionModel'
import type { AppState } from './appState'

/**
 * Weights that came from outside the current run: an imported ONNX file or bundle, or a rolled
 * back version. They are the model's weights (what the export dialog writes, what a run is given
 * when it can load them) until a new run starts.
 */
export interface LoadedWeights {
  readonly weights: ModelWeights
  /** Where they came from, in the user's words (`version 0.1.0`, `model.onnx`). */
  readonly from: string
}

/** Which shipping dialog is open. */
export type ShippingDialog =
  | { readonly kind: 'export' }
  | { readonly kind: 'compare'; readonly left: string; readonly right: string }
  | null

export interface VersionsSlice {
  /** Every finished run (and opened bundle), oldest first. */
  versions: readonly ModelVersion[]
  /** The version the document and weights descend from (the parent of the next run). */
  currentVersion: string | null
  loadedWeights: LoadedWeights | null
  shippingDialog: ShippingDialog
  /** Adds a version (replacing one with the same semver) and makes it the current one. */
  addVersion(version: ModelVersion): void
  setCurrentVersion(version: string | null): void
  setLoadedWeights(value: LoadedWeights | null): void
  setShippingDialog(dialog: ShippingDialog): void
}

/** The versions panel's and the export dialog's state. */
export const createVersionsSlice: StateCreator<AppState, [], [], VersionsSlice> = (set, get) => ({
  versions: [],
  currentVersion: null,
  loadedWeights: null,
  shippingDialog: null,
  addVersion(version) {
    const others = get().versions.filter((v) => v.version !== version.version)
    set({ versions: [...others, version], currentVersion: version.version })
  },
  setCurrentVersion(currentVersion) {
    set({ currentVersion })
  },
  setLoadedWeights(loadedWeights) {
    set({ loadedWeights })
  },
  setShippingDialog(shippingDialog) {
    set({ shippingDialog })
  },
})
