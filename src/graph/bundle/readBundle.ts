import { readNpy } from '../../engine/data/npy'
import { DataError } from '../../engine/io/dataError'
import type { HostArray } from '../../engine/io/hostArray'
import { jsonSyntaxErrorAt } from '../../engine/io/safetensors'
import { formatProblem, zodProblems } from '../document/problems'
import type { ModelDocument } from '../document/schema'
import { parseDocumentText } from '../document/validate'
import { probeModel, type Weights } from '../fit/compiledModel'
import { BundleError } from './errors'
import { sha256Hex, ZERO_SHA256 } from './hash'
import {
  BUNDLE_FORMAT,
  type BundleManifest,
  type BundleMetrics,
  manifestSchema,
  metricsSchema,
} from './manifest'
import { modelSignature } from './signature'
import { weightsFromSafetensors } from './weights'
import { BUNDLE_FILES } from './writeBundle'
import { DEFAULT_ZIP_LIMITS, unzipLimited, type ZipLimits } from './zip'

/** A bundle read and checked: the manifest, the parsed files, and every file's bytes. */
export interface Bundle {
  readonly manifest: BundleManifest
  /** model.json: the source of truth. */
  readonly doc: ModelDocument
  readonly weights: Weights
  readonly metrics: BundleMetrics
  /** model.onnx's bytes (not parsed: `importOnnx` or onnxruntime take them). */
  readonly onnx: Uint8Array
  /** model.ts as text: shown, never executed. */
  readonly code: string
  readonly samples: HostArray
  readonly expected: HostArray
  /** Every entry's bytes by path, the manifest included. */
  readonly files: ReadonlyMap<string, Uint8Array>
}

/** Options of `readBundle`. */
export interface ReadBundleOptions {
  /** The bundle's name in messages (default `bundle.zip`). */
  readonly label?: string
  /** Size limits on the zip and its entries (default `DEFAULT_ZIP_LIMITS`). */
  readonly limits?: ZipLimits
}

const decoder = new TextDecoder('utf-8', { fatal: true })

function utf8(bytes: Uint8Array, file: string): string {
  try {
    return decoder.decode(bytes)
  } catch {
    throw new BundleError('is not UTF-8 text', file)
  }
}

function parseJson(bytes: Uint8Array, file: string): unknown {
  const text = utf8(bytes, file)
  try {
    return JSON.parse(text)
  } catch {
    // JSON.parse's message quotes the damaged text: name the byte offset instead
    const at = jsonSyntaxErrorAt(text)
    throw new BundleError(`is not valid JSON${at === undefined ? '' : ` (at byte ${at})`}`, file)
  }
}

/** The position of `"manifestSha256": "<hash>"`'s hash in the manifest's bytes, or -1. */
function selfHashOffset(bytes: Uint8Array, hash: string): number {
  const needle = new TextEncoder().encode(`"manifestSha256": "${hash}"`)
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer
    return i + needle.length - 1 - hash.length
  }
  return -1
}

/** Parses and validates manifest.json, and checks its own hash. */
async function readManifest(bytes: Uint8Array): Promise<BundleManifest> {
  const file = BUNDLE_FILES.manifest
  const json = parseJson(bytes, file)
  if (typeof json === 'object' && json !== null && 'format' in json && json.format !== BUNDLE_FORMAT)
    throw new BundleError(
      `format '${String(json.format)}' is not '${BUNDLE_FORMAT}' (not a Triad bundle)`,
      file,
    )
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success) {
    const problems = zodProblems(parsed.error.issues, json).map(formatProblem)
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''
    throw new BundleError(`invalid manifest: ${problems[0]}${more}`, file)
  }
  const manifest = parsed.data
  const at = selfHashOffset(bytes, manifest.manifestSha256)
  const open = bytes.slice()
  if (at >= 0) open.set(new TextEncoder().encode(ZERO_SHA256), at)
  const actual = await sha256Hex(open)
  if (at < 0 || actual !== manifest.manifestSha256)
    throw new BundleError(
      `sha256 mismatch: the manifest was changed after the bundle was written (manifestSha256 ${manifest.manifestSha256}, the text hashes to ${actual})`,
      file,
    )
  return manifest
}

/** Runs a reader of one file, turning its failure into a `BundleError` naming the file. */
function inFile<T>(file: string, read: () => T): T {
  try {
    return read()
  } catch (e) {
    if (e instanceof BundleError) throw e
    const message = e instanceof Error ? e.message : String(e)
    throw new BundleError(message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message, file)
  }
}

/**
 * Reads a bundle and checks it whole before returning anything: the zip under size limits
 * (declared sizes checked before inflating), the manifest (zod, errors with JSON paths, and its
 * own hash), the SHA-256 and size of every file (a changed byte in any file is an error naming
 * it; a missing or unlisted file too), then model.json (validated as any document), the weights
 * against the document, metrics.json, the NPY samples and the signature against the document.
 * Nothing is executed: model.ts is returned as text. Throws a `BundleError`.
 *
 * @example
 * const bundle = await readBundle(new Uint8Array(await file.arrayBuffer()), { label: file.name })
 * bundle.manifest.version // '1.2.0'
 */
export async function readBundle(bytes: Uint8Array, options: ReadBundleOptions = {}): Promise<Bundle> {
  const label = options.label ?? 'bundle.zip'
  const entries = unzipLimited(bytes, label, options.limits ?? DEFAULT_ZIP_LIMITS)
  const manifestBytes = entries[BUNDLE_FILES.manifest]
  if (!manifestBytes)
    throw new BundleError(`no ${BUNDLE_FILES.manifest} in the zip (not a Triad bundle)`, label)
  const manifest = await readManifest(manifestBytes)
  for (const [name, bytes] of Object.entries(entries)) {
    if (name === BUNDLE_FILES.manifest) continue
    const listed = manifest.files[name]
    if (!listed)
      throw new BundleError('is not listed in manifest.json (added after the bundle was written)', name)
    const actual = await sha256Hex(bytes)
    if (actual !== listed.sha256 || bytes.length !== listed.size)
      throw new BundleError(
        `sha256 mismatch: the file was changed after the bundle was written (manifest ${listed.sha256}, ${listed.size} bytes; file ${actual}, ${bytes.length} bytes)`,
        name,
      )
  }
  for (const name of Object.keys(manifest.files))
    if (!entries[name]) throw new BundleError('is listed in manifest.json but missing from the zip', name)
  for (const name of Object.values(BUNDLE_FILES))
    if (!entries[name]) throw new BundleError('is missing: every bundle has it', name)
  const get = (name: string) => entries[name]!
  const doc = inFile(BUNDLE_FILES.model, () => {
    const result = parseDocumentText(utf8(get(BUNDLE_FILES.model), BUNDLE_FILES.model))
    if (!result.ok) throw new DataError(`not a valid model document: ${result.errors[0]}`)
    return result.doc
  })
  const probe = inFile(BUNDLE_FILES.model, () => probeModel(doc))
  const weights = inFile(BUNDLE_FILES.weights, () =>
    weightsFromSafetensors(get(BUNDLE_FILES.weights), probe, BUNDLE_FILES.weights),
  )
  const metricsJson = parseJson(get(BUNDLE_FILES.metrics), BUNDLE_FILES.metrics)
  const metrics = metricsSchema.safeParse(metricsJson)
  if (!metrics.success)
    throw new BundleError(
      `invalid metrics: ${formatProblem(zodProblems(metrics.error.issues, metricsJson)[0]!)}`,
      BUNDLE_FILES.metrics,
    )
  const samples = inFile(BUNDLE_FILES.samples, () => readNpy(get(BUNDLE_FILES.samples), BUNDLE_FILES.samples))
  const expected = inFile(BUNDLE_FILES.expected, () =>
    readNpy(get(BUNDLE_FILES.expected), BUNDLE_FILES.expected),
  )
  const signature = modelSignature(doc, probe)
  if (JSON.stringify(signature) !== JSON.stringify(manifest.signature))
    throw new BundleError(
      `the signature does not match model.json's (manifest ${JSON.stringify(manifest.signature)}, model ${JSON.stringify(signature)})`,
      BUNDLE_FILES.manifest,
    )
  if (samples.shape[0] !== manifest.samples.count || expected.shape[0] !== manifest.samples.count)
    throw new BundleError(
      `holds ${samples.shape[0]} samples and ${expected.shape[0]} expected rows, the manifest says ${manifest.samples.count}`,
      BUNDLE_FILES.samples,
    )
  return {
    manifest,
    doc,
    weights,
    metrics: metrics.data,
    onnx: get(BUNDLE_FILES.onnx),
    code: utf8(get(BUNDLE_FILES.code), BUNDLE_FILES.code),
    samples,
    expected,
    files: new Map(Object.entries(entries)),
  }
}
