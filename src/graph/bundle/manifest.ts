import { z } from 'zod'
import { trainingSchema } from '../document/schema'

/**
 * The bundle manifest (`manifest.json`): what the model is (name, semver version and its parent),
 * when it was made, a SHA-256 of every other file, the input/output signature, the training setup,
 * a fingerprint of the data it learned from and its final metrics. Validated with zod on every
 * read; an error names the JSON path (`signature.inputs[0].shape[1]`).
 */

/** The format tag and version a manifest carries; a reader refuses others by name. */
export const BUNDLE_FORMAT = 'triad-bundle'
export const BUNDLE_FORMAT_VERSION = 1

/** Semantic versioning 2.0.0 (major.minor.patch, optional pre-release and build). */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/

const semver = z.string().regex(SEMVER_PATTERN, 'expected a semantic version such as 1.2.0')
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits (a SHA-256)')

/** One tensor of the signature: its name, shape (`'N'` is the batch dimension) and element type. */
export const tensorSignatureSchema = z.strictObject({
  name: z.string().min(1),
  shape: z.array(z.union([z.number().int().min(0), z.literal('N')])),
  dtype: z.enum(['float32', 'int64']),
})

/** The training data's identity: a SHA-256 over its arrays' bytes, their shapes and total size. */
export const dataFingerprintSchema = z.strictObject({
  name: z.string().optional(),
  sha256,
  bytes: z.number().int().min(0),
  samples: z.number().int().min(0),
  arrays: z.array(
    z.strictObject({
      name: z.string().min(1),
      dtype: z.enum(['float32', 'int32']),
      shape: z.array(z.number().int().min(0)),
    }),
  ),
})

export const manifestSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  name: z.string().min(1),
  version: semver,
  parentVersion: semver.nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  producer: z.string(),
  /**
   * SHA-256 of manifest.json itself, computed with this field set to 64 zeros: a changed byte
   * anywhere in the manifest is caught and named, like in any other file.
   */
  manifestSha256: sha256,
  files: z.record(z.string().min(1), z.strictObject({ sha256, size: z.number().int().min(0) })),
  signature: z.strictObject({
    inputs: z.array(tensorSignatureSchema).min(1),
    outputs: z.array(tensorSignatureSchema).min(1),
  }),
  training: trainingSchema.nullable(),
  data: dataFingerprintSchema.nullable(),
  /** Final figures: `steps`, `train_loss`, `validation_loss`, `validation_accuracy`, ... */
  metrics: z.record(z.string(), z.number().nullable()),
  /** What samples.npy / expected.npy hold: `count` rows of `input`, and output `output` for them. */
  samples: z.strictObject({
    count: z.number().int().min(1),
    input: z.string().min(1),
    output: z.string().min(1),
  }),
})

export type BundleManifest = z.infer<typeof manifestSchema>
export type TensorSignature = z.infer<typeof tensorSignatureSchema>
export type DataFingerprint = z.infer<typeof dataFingerprintSchema>

/** `metrics.json`: every optimizer step's loss, and every validation pass. */
export const metricsSchema = z.strictObject({
  train: z.array(z.strictObject({ step: z.number().int().min(1), loss: z.number() })),
  validation: z.array(
    z.strictObject({
      epoch: z.number().int().min(1).optional(),
      step: z.number().int().min(1).optional(),
      loss: z.number(),
      accuracy: z.number().nullable().optional(),
    }),
  ),
})

export type BundleMetrics = z.infer<typeof metricsSchema>

/** `1.4.2` -> `1.5.0`: the version of a run trained on from a bundle (pre-release and build dropped). */
export function bumpMinor(version: string): string {
  const m = SEMVER_PATTERN.exec(version)
  if (!m) throw new Error(`'${version}' is not a semantic version (expected major.minor.patch, e.g. 1.2.0)`)
  return `${m[1]}.${Number(m[2]) + 1}.0`
}

/** True for a semantic version string (`1.0.0`, `2.1.0-rc.1`). */
export function isSemver(version: string): boolean {
  return SEMVER_PATTERN.test(version)
}
