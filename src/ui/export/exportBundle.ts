import { type BundleMetrics, bundleFileName, PRODUCER, readBundle, writeBundle } from '../../graph/bundle'
import type { ModelDocument } from '../../graph/document/schema'
import type { ModelVersion, ModelWeights } from '../versions/versionModel'
import type { ExportedFile } from './exportFormats'
import { tensorsOf } from './modelWeights'
import { type OnnxVerification, verifyOnnx } from './verifyOnnx'

/** What a bundle is written from: a version, or the current model when no run made one yet. */
export interface BundleSource {
  readonly doc: ModelDocument
  readonly weights: ModelWeights
  /** The version to write (its semver, parent, metrics); absent: `0.0.0`, no history. */
  readonly version?: ModelVersion
}

/** A version's curve and validation points as metrics.json holds them (finite losses only). */
export function bundleMetrics(version: Pick<ModelVersion, 'curve' | 'validation'>): BundleMetrics {
  const train: { step: number; loss: number }[] = []
  version.curve.steps.forEach((step, i) => {
    const loss = version.curve.losses[i]
    if (step >= 1 && loss !== undefined && Number.isFinite(loss)) train.push({ step, loss })
  })
  return {
    train,
    validation: version.validation
      .filter((v) => Number.isFinite(v.loss))
      .map((v) => ({
        ...(v.epoch >= 1 ? { epoch: v.epoch } : {}),
        ...(v.step >= 1 ? { step: v.step } : {}),
        loss: v.loss,
        accuracy: v.accuracy,
      })),
  }
}

/**
 * Writes a bundle (`<name>-<version>.zip`) of a version (or of the current model as `0.0.0`) with
 * `writeBundle`: manifest with hashes and lineage, document, weights, ONNX, code, metrics,
 * samples with Triad's expected outputs, model card, PyTorch. Throws the writer's reason (a node
 * that cannot export to ONNX, weights that do not fit).
 */
export async function exportBundle(source: BundleSource, now: Date = new Date()): Promise<ExportedFile> {
  const v = source.version
  const version = v?.version ?? '0.0.0'
  const bytes = await writeBundle({
    doc: source.doc,
    weights: tensorsOf(source.weights),
    version,
    parentVersion: v?.parent ?? null,
    createdAt: v ? new Date(v.createdAt) : now,
    ...(v ? { metrics: bundleMetrics(v) } : {}),
    producer: `${PRODUCER} (IDE)`,
  })
  return { fileName: bundleFileName(source.doc.name, version), bytes, mime: 'application/zip' }
}

/** "Verify in browser": a bundle's checks and its ONNX run in this page. */
export interface BundleVerification extends OnnxVerification {
  readonly name: string
  readonly version: string
  /** Files whose SHA-256 matched the manifest. */
  readonly files: number
}

/**
 * Verifies a bundle in the page, as `triad verify` does in Node: the manifest's schema and every
 * file's hash (`readBundle`), then model.onnx run by onnxruntime-web on samples.npy against
 * expected.npy (Triad's own outputs for those rows). Throws the first problem, naming the file.
 */
export async function verifyBundle(bytes: Uint8Array, label = 'bundle.zip'): Promise<BundleVerification> {
  const bundle = await readBundle(bytes, { label })
  const result = await verifyOnnx(bundle.onnx, bundle.samples, bundle.expected, {
    input: bundle.manifest.samples.input,
    output: bundle.manifest.samples.output,
  })
  return {
    ...result,
    name: bundle.manifest.name,
    version: bundle.manifest.version,
    files: Object.keys(bundle.manifest.files).length,
  }
}
