import { readBundle } from '../../graph/bundle'
import type { ModelDocument } from '../../graph/document/schema'
import { shapeWeights } from '../export/modelWeights'
import type { ModelVersion } from '../versions/versionModel'
import type { ImportedModel } from './importModelFile'

/**
 * Reads a bundle (.zip) into its document (model.json, the source; model.ts is never run), its
 * weights and the version it is, with its loss history. `readBundle` checks the zip, the manifest
 * and every file's hash first; its error names the file at fault.
 */
export async function readBundleFile(name: string, bytes: Uint8Array): Promise<ImportedModel> {
  const bundle = await readBundle(bytes, { label: name })
  const doc: ModelDocument = { ...bundle.doc, metadata: { ...bundle.doc.metadata, origin: 'external' } }
  const weights = shapeWeights(doc, bundle.weights)
  const { manifest, metrics } = bundle
  const version: ModelVersion = {
    version: manifest.version,
    parent: manifest.parentVersion,
    createdAt: manifest.createdAt,
    outcome: 'bundle',
    doc,
    setup: {
      training: manifest.training,
      backend: null,
      steps: metrics.train.at(-1)?.step ?? 0,
      epochs: manifest.training?.epochs ?? 0,
    },
    curve: { steps: metrics.train.map((p) => p.step), losses: metrics.train.map((p) => p.loss) },
    validation: metrics.validation.map((v) => ({
      epoch: v.epoch ?? 0,
      step: v.step ?? 0,
      loss: v.loss,
      accuracy: v.accuracy ?? null,
    })),
    weights,
  }
  return { doc, weights, version }
}
