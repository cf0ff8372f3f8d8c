import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { BundleError } from '../graph/bundle/errors'
import { readBundle } from '../graph/bundle/readBundle'
import { compareOutputs, sampleFeeds } from '../graph/bundle/samples'
import { BUNDLE_FILES } from '../graph/bundle/writeBundle'
import { type FlagSpec, numberFlag, onePositional, type ParsedArgs } from './args'
import { RunError, UsageError } from './errors'
import type { CliIo } from './io'

/** `label: message`, unless the message already starts with the bundle's name. */
export function inBundle(label: string, message: string): string {
  return message.startsWith(`${label}: `) ? message : `${label}: ${message}`
}

/** Flags of `triad verify`. */
export const VERIFY_FLAGS: FlagSpec = {
  tolerance: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
}

/** The largest absolute difference between ONNX Runtime's outputs and expected.npy (the acceptance bound). */
export const VERIFY_TOLERANCE = 1e-4

/**
 * Runs model.onnx in onnxruntime-node on samples.npy and returns the named output's dims and data.
 * onnxruntime-node is loaded only here: the other commands never pay for its native binary.
 */
async function runOnnx(
  onnx: Uint8Array,
  feed: ReturnType<typeof sampleFeeds>,
  output: string,
): Promise<{ dims: readonly number[]; data: ArrayLike<number> }> {
  const ort = await import('onnxruntime-node')
  let session: Awaited<ReturnType<typeof ort.InferenceSession.create>>
  try {
    session = await ort.InferenceSession.create(onnx)
  } catch (e) {
    throw new RunError(
      `${BUNDLE_FILES.onnx}: onnxruntime cannot load it (${e instanceof Error ? e.message : String(e)})`,
    )
  }
  try {
    const tensor = new ort.Tensor(feed.type, feed.data, [...feed.dims])
    const result = await session.run({ [feed.name]: tensor })
    const out = result[output]
    if (!out) throw new RunError(`${BUNDLE_FILES.onnx}: onnxruntime gave no output '${output}'`)
    return { dims: out.dims, data: out.data as Float32Array }
  } catch (e) {
    if (e instanceof RunError) throw e
    throw new RunError(
      `${BUNDLE_FILES.onnx}: onnxruntime failed on samples.npy (${e instanceof Error ? e.message : String(e)})`,
    )
  } finally {
    await session.release()
  }
}

/**
 * `triad verify <bundle.zip>`: the check a prod pipeline runs before shipping. Reads the bundle
 * (size limits, manifest schema and self-hash, SHA-256 of every file, model.json and weights),
 * then runs model.onnx in onnxruntime-node on samples.npy and compares with expected.npy within
 * `--tolerance` (default 1e-4). Exit 0 with one OK line; exit 1 with the reason, naming the file,
 * when the bundle fails a check; exit 2 when the bundle cannot be found.
 */
export async function verifyCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const spec = onePositional('verify', args, 'bundle (.zip written by triad train --out or triad export)')
  const tolerance = numberFlag(args, 'tolerance', { min: 0 }) ?? VERIFY_TOLERANCE
  const path = resolve(io.cwd, spec)
  if (!existsSync(path)) throw new UsageError(`${spec}: no such bundle file`)
  if (statSync(path).isDirectory()) throw new UsageError(`${spec}: a directory, not a bundle .zip`)
  const label = basename(spec)
  let bundle: Awaited<ReturnType<typeof readBundle>>
  try {
    bundle = await readBundle(new Uint8Array(readFileSync(path)), { label })
  } catch (e) {
    if (e instanceof BundleError) throw new RunError(`verify failed: ${inBundle(label, e.message)}`)
    throw e
  }
  const { manifest } = bundle
  let actual: Awaited<ReturnType<typeof runOnnx>>
  try {
    actual = await runOnnx(bundle.onnx, sampleFeeds(bundle), manifest.samples.output)
  } catch (e) {
    if (e instanceof RunError) throw new RunError(`verify failed: ${label}: ${e.message}`)
    throw e
  }
  const check = compareOutputs(bundle.expected, actual, tolerance)
  if (!check.ok)
    throw new RunError(
      `verify failed: ${label}: ${BUNDLE_FILES.onnx} does not reproduce ${BUNDLE_FILES.expected}: output '${manifest.samples.output}' ${check.reason}`,
    )
  const parent = manifest.parentVersion ? ` (parent ${manifest.parentVersion})` : ''
  io.out(
    `OK ${manifest.name} ${manifest.version}${parent}: manifest valid, ${Object.keys(manifest.files).length + 1} files match their sha256, ` +
      `onnxruntime on ${BUNDLE_FILES.onnx} matches ${BUNDLE_FILES.expected} for ${manifest.samples.count} samples ` +
      `(max |diff| ${check.worst.toPrecision(2)} <= ${tolerance})\n`,
  )
  return 0
}
