import { importModelFile } from '../importing/importModelFile'
import type { RunController } from '../run/runController'
import type { AppStore } from '../store/appState'
import { rollBack, runWeightsLoader } from '../versions/rollBack'
import { finalLoss, type ModelVersion } from '../versions/versionModel'
import { type BundleVerification, verifyBundle } from './exportBundle'
import type { ExportFormat } from './exportFormats'
import { exportModel } from './exportModel'
import { currentWeights, type SourcedWeights } from './modelWeights'

/** One line of the versions list, as `window.triad.versions.list()` gives it. */
export interface VersionSummary {
  readonly version: string
  readonly parent: string | null
  readonly outcome: ModelVersion['outcome']
  readonly steps: number
  readonly finalLoss: number | null
  readonly createdAt: string
}

/** The shipping part of `window.triad`: export, verify, import, versions and rollback. */
export interface ShippingApi {
  /** Writes a version (`'0.1.0'`) or the current model (`'current'`, the default) as the dialog does, without downloading. */
  exportModel(
    format: ExportFormat,
    subject?: string,
  ): Promise<{ fileName: string; bytes: Uint8Array; from: string }>
  /** "Verify in browser" on bundle bytes: hashes, then onnxruntime-web vs expected.npy. */
  verifyBundle(bytes: Uint8Array | readonly number[], label?: string): Promise<BundleVerification>
  /** The weights the model has now (loaded, the run's, or a seeded init) and where they came from. */
  getModelWeights(): Promise<SourcedWeights>
  /** Opens model file bytes (`.json`, `.onnx` or bundle `.zip`) as a drop would. */
  importModel(fileName: string, bytes: Uint8Array | readonly number[]): Promise<boolean>
  versions: {
    list(): VersionSummary[]
    /** A copy of one version (document, setup, curve, weights), or null. */
    get(version: string): ModelVersion | null
    /** The version the model descends from now (the next run's parent). */
    current(): string | null
    /** The versions panel's Roll back button. */
    rollBack(version: string): Promise<boolean>
  }
}

const asBytes = (b: Uint8Array | readonly number[]) => (b instanceof Uint8Array ? b : Uint8Array.from(b))

/** The shipping automation over a store and the run controller. */
export function createShippingApi(store: AppStore, run: RunController): ShippingApi {
  return {
    async exportModel(format, subject = 'current') {
      const { file, from } = await exportModel(store, run, format, subject)
      return { fileName: file.fileName, bytes: file.bytes, from }
    },
    verifyBundle: (bytes, label) => verifyBundle(asBytes(bytes), label),
    getModelWeights: () => currentWeights(store, run),
    importModel(fileName, bytes) {
      const data = asBytes(bytes)
      return importModelFile(store, {
        name: fileName,
        arrayBuffer: async () => data.slice().buffer as ArrayBuffer,
      })
    },
    versions: {
      list: () =>
        store.getState().versions.map((v) => ({
          version: v.version,
          parent: v.parent,
          outcome: v.outcome,
          steps: v.setup.steps,
          finalLoss: finalLoss(v),
          createdAt: v.createdAt,
        })),
      get(version) {
        const v = store.getState().versions.find((x) => x.version === version)
        return v ? structuredClone(v) : null
      },
      current: () => store.getState().currentVersion,
      rollBack: (version) => rollBack(store, version, runWeightsLoader(run)),
    },
  }
}
