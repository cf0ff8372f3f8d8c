import { writeNpy } from '../../engine/data/npy'
import type { HostArray } from '../../engine/io/hostArray'
import { emitCode } from '../code/emitCode'
import type { ModelDocument } from '../document/schema'
import { serializeDocument } from '../document/validate'
import { probeModel, type Weights } from '../fit/compiledModel'
import { exportOnnx } from '../onnx/exportOnnx'
import { exportPyTorch } from '../pytorch/exportPyTorch'
import { sha256Hex, ZERO_SHA256 } from './hash'
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  type BundleManifest,
  type BundleMetrics,
  type DataFingerprint,
  isSemver,
} from './manifest'
import { modelCard } from './modelCard'
import { defaultSamples, expectedOutputs, modelSignature, normalizeSamples } from './signature'
import { checkWeights, weightsToSafetensors } from './weights'
import { zipFiles } from './zip'

/** The files of a bundle, by role. Every file but the manifest is hashed in the manifest. */
export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  model: 'model.json',
  weights: 'weights.safetensors',
  onnx: 'model.onnx',
  code: 'model.ts',
  metrics: 'metrics.json',
  samples: 'samples.npy',
  expected: 'expected.npy',
  readme: 'README.md',
  modelPy: 'pytorch/model.py',
  trainPy: 'pytorch/train.py',
} as const

/** What the CLI and the UI call themselves in `producer`. */
export const PRODUCER = 'triad 0.1.0'

/** What a bundle is made from. Only the document and its weights are required. */
export interface BundleInput {
  readonly doc: ModelDocument
  readonly weights: Weights
  /** Semantic version (default `1.0.0`). */
  readonly version?: string
  /** The version this one was trained on from, or null (default). */
  readonly parentVersion?: string | null
  /** When it was made (default now); also every zip entry's timestamp, so bytes are reproducible. */
  readonly createdAt?: Date
  /** Every optimizer step's loss and every validation pass (default none). */
  readonly metrics?: BundleMetrics
  /** Final figures beyond those derived from `metrics` (e.g. `train_accuracy`). */
  readonly finalMetrics?: Readonly<Record<string, number | null>>
  /** The training data's fingerprint (`fingerprintData`), or null when unknown. */
  readonly data?: DataFingerprint | null
  /** Sample inputs `[n, ...]` for samples.npy (default: 4 seeded random rows). */
  readonly samples?: HostArray
  /** Which output expected.npy holds (default the document's first). */
  readonly sampleOutput?: string
  /** The producer string (default `triad 0.1.0`). */
  readonly producer?: string
}

const text = (s: string) => new TextEncoder().encode(s)

/** `spirals model` + `1.2.0` -> `spirals-model-1.2.0.zip`: the `<name>-<version>.zip` convention. */
export function bundleFileName(name: string, version: string): string {
  const slug =
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'model'
  return `${slug}-${version}.zip`
}

/** The final figures a run's metrics imply: steps, last training loss, last validation result. */
export function finalMetricsOf(metrics: BundleMetrics): Record<string, number | null> {
  const out: Record<string, number | null> = { steps: metrics.train.at(-1)?.step ?? 0 }
  const last = metrics.train.at(-1)
  if (last) out.train_loss = last.loss
  const v = metrics.validation.at(-1)
  if (v) {
    out.validation_loss = v.loss
    if (v.accuracy !== undefined) out.validation_accuracy = v.accuracy
  }
  return out
}

/**
 * Writes a versioned bundle (`<name>-<version>.zip`): manifest.json, model.json, weights.safetensors,
 * model.onnx (opset 17), model.ts (`emitCode`), metrics.json, samples.npy + expected.npy (sample
 * inputs and Triad's CPU eval outputs for them), README.md (a model card with the loss curve) and
 * pytorch/model.py + pytorch/train.py. The manifest holds the SHA-256 of every file (and of
 * itself), the signature, the training setup, the data fingerprint and the final metrics. Throws
 * for a document that cannot export to ONNX (naming the nodes) or weights that do not fit it.
 *
 * @example
 * const zip = await writeBundle({ doc, weights: { params: state.params, buffers: state.buffers }, metrics })
 * // save as bundleFileName(doc.name, '1.0.0')
 */
export async function writeBundle(input: BundleInput): Promise<Uint8Array> {
  const { doc } = input
  const version = input.version ?? '1.0.0'
  const parentVersion = input.parentVersion ?? null
  if (!isSemver(version)) throw new Error(`version '${version}' is not a semantic version (e.g. 1.0.0)`)
  if (parentVersion !== null && !isSemver(parentVersion))
    throw new Error(`parent version '${parentVersion}' is not a semantic version (e.g. 1.0.0)`)
  const probe = probeModel(doc)
  if (probe.inputs.length !== 1)
    throw new Error(
      `a bundle stores samples for one input, but "${doc.name}" has ${probe.inputs.length} (${probe.inputs.map((i) => i.name).join(', ')})`,
    )
  const weights = checkWeights(input.weights, probe, 'the weights')
  const createdAt = input.createdAt ?? new Date()
  const metrics: BundleMetrics = input.metrics ?? { train: [], validation: [] }
  const signature = modelSignature(doc, probe)
  const outputName = input.sampleOutput ?? doc.outputs[0]?.name
  if (!outputName || !doc.outputs.some((o) => o.name === outputName))
    throw new Error(`"${doc.name}" has no output '${outputName ?? ''}' to store expected outputs for`)
  const samples = normalizeSamples(probe, input.samples ?? defaultSamples(probe))
  const count = samples.shape[0] ?? 0
  if (count < 1) throw new Error('samples need at least one row')
  const expected = expectedOutputs(doc, probe, weights, samples, outputName)
  const pytorch = exportPyTorch(doc)
  const files: Record<string, Uint8Array> = {
    [BUNDLE_FILES.model]: text(serializeDocument(doc)),
    [BUNDLE_FILES.weights]: weightsToSafetensors(probe, weights, doc.name),
    [BUNDLE_FILES.onnx]: exportOnnx(doc, weights),
    [BUNDLE_FILES.code]: text(emitCode(doc).code),
    [BUNDLE_FILES.metrics]: text(`${JSON.stringify(metrics)}\n`),
    [BUNDLE_FILES.samples]: writeNpy(samples),
    [BUNDLE_FILES.expected]: writeNpy(expected),
    [BUNDLE_FILES.modelPy]: text(pytorch['model.py']),
    [BUNDLE_FILES.trainPy]: text(pytorch['train.py']),
  }
  const described: Omit<BundleManifest, 'files' | 'manifestSha256'> = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    name: doc.name,
    version,
    parentVersion,
    createdAt: createdAt.toISOString(),
    producer: input.producer ?? PRODUCER,
    signature,
    training: doc.training ?? null,
    data: input.data ?? null,
    metrics: { ...finalMetricsOf(metrics), ...input.finalMetrics },
    samples: { count, input: probe.inputs[0]!.name, output: outputName },
  }
  files[BUNDLE_FILES.readme] = text(modelCard(described, metrics))
  const hashes: BundleManifest['files'] = {}
  for (const [name, bytes] of Object.entries(files))
    hashes[name] = { sha256: await sha256Hex(bytes), size: bytes.length }
  const manifest = await sealManifest({ ...described, manifestSha256: ZERO_SHA256, files: hashes })
  return zipFiles({ [BUNDLE_FILES.manifest]: manifest, ...files }, createdAt)
}

/**
 * The manifest's bytes with `manifestSha256` filled in: the hash of the text with that field
 * set to zeros, so a reader recomputes it by putting the zeros back.
 */
export async function sealManifest(manifest: BundleManifest): Promise<Uint8Array> {
  const open = `${JSON.stringify({ ...manifest, manifestSha256: ZERO_SHA256 }, null, 2)}\n`
  const hash = await sha256Hex(text(open))
  return text(open.replace(`"manifestSha256": "${ZERO_SHA256}"`, `"manifestSha256": "${hash}"`))
}
