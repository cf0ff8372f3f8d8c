import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, extname, join, resolve } from 'node:path'
import { BundleError } from '../graph/bundle/errors'
import type { BundleMetrics } from '../graph/bundle/manifest'
import { metricsSchema } from '../graph/bundle/manifest'
import { type Bundle, readBundle } from '../graph/bundle/readBundle'
import type { ModelDocument } from '../graph/document/schema'
import { parseDocumentText } from '../graph/document/validate'
import type { Weights } from '../graph/fit/compiledModel'
import { importOnnx } from '../graph/onnx/import'
import { inferShapes } from '../graph/shapes/inferShapes'
import { findTemplate, TEMPLATES } from '../graph/templates'
import { UsageError } from './errors'
import { inBundle } from './verify'

/** File names inside a run directory written by `triad train --out`. */
export const RUN_FILES = {
  model: 'model.json',
  weights: 'weights.safetensors',
  metrics: 'metrics.json',
} as const

/** What `<model>` named: a template, a document file, a run directory, an ONNX file or a bundle. */
export type ModelSource = 'template' | 'document' | 'run' | 'onnx' | 'bundle'

/** A model named on the command line, loaded and checked. */
export interface LoadedModel {
  readonly doc: ModelDocument
  /** What the user typed, for messages (`model.json`, `mlp-spirals`). */
  readonly label: string
  readonly source: ModelSource
  /** The run directory's weights, when the model was given as a `triad train --out` directory. */
  readonly weightsPath?: string
  /** Weights that came with the model: an ONNX file's initializers or a bundle's weights. */
  readonly weights?: Weights
  /** The training history that came with the model (a bundle's or a run directory's metrics.json). */
  readonly metrics?: BundleMetrics
  /** The bundle, when the model was one (its version becomes the parent of what is made from it). */
  readonly bundle?: Bundle
}

/** Files larger than this are refused before they are read (a model file, an ONNX file, a bundle). */
const MAX_MODEL_FILE_BYTES = 1 << 30

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]

function readModelFile(path: string, label: string): Uint8Array {
  const size = statSync(path).size
  if (size > MAX_MODEL_FILE_BYTES)
    throw new UsageError(`${label}: ${size} bytes is over the 1 GiB limit for a model file`)
  return new Uint8Array(readFileSync(path))
}

/**
 * The model behind `<model>`: a template id (`mlp-spirals`), a model document (`model.json`), a
 * directory written by `triad train --out` (its `model.json`, and its weights as the default
 * `--weights`), an ONNX file (`.onnx`: imported, its initializers as the weights; nothing in it
 * is executed) or a bundle (`.zip`: read and checked whole, hashes included; its weights and
 * history come along). The document is validated and its shapes checked, so every later failure
 * is about data, not about the model. Problems are one-line `UsageError`s (`BundleError`s for a
 * damaged bundle).
 */
export async function loadModel(spec: string, cwd: string): Promise<LoadedModel> {
  const template = findTemplate(spec)
  if (template) return checked(template.create(), spec, 'template')
  const path = resolve(cwd, spec)
  if (!existsSync(path)) {
    const looksLikeFile = /[/\\]|\.(json|onnx|zip)$/i.test(spec)
    if (looksLikeFile) throw new UsageError(`${spec}: no such model file`)
    throw new UsageError(
      `unknown template '${spec}' (templates: ${TEMPLATES.map((t) => t.id).join(', ')}; or give a model.json, .onnx or bundle .zip file)`,
    )
  }
  if (statSync(path).isDirectory()) return loadRunDirectory(path, spec)
  const label = basename(spec)
  const ext = extname(spec).toLowerCase()
  if (ext === '.onnx') return loadOnnx(readModelFile(path, label), label)
  const bytes = readModelFile(path, label)
  if (ext === '.zip' || ZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    let bundle: Bundle
    try {
      bundle = await readBundle(bytes, { label })
    } catch (e) {
      // name the bundle too: "run.zip: weights.safetensors: sha256 mismatch ..."
      if (e instanceof BundleError) throw new UsageError(inBundle(label, e.message))
      throw e
    }
    return {
      ...checked(bundle.doc, label, 'bundle'),
      weights: bundle.weights,
      metrics: bundle.metrics,
      bundle,
    }
  }
  return checked(parseDocumentBytes(bytes, label), label, 'document')
}

function loadRunDirectory(path: string, spec: string): LoadedModel {
  const modelPath = join(path, RUN_FILES.model)
  if (!existsSync(modelPath))
    throw new UsageError(
      `${spec}: the directory has no ${RUN_FILES.model} (give a model file or a triad train --out directory)`,
    )
  const doc = parseDocumentBytes(readModelFile(modelPath, RUN_FILES.model), `${spec}/${RUN_FILES.model}`)
  const weightsPath = join(path, RUN_FILES.weights)
  const metrics = readRunMetrics(join(path, RUN_FILES.metrics))
  return {
    ...checked(doc, spec, 'run'),
    ...(existsSync(weightsPath) ? { weightsPath } : {}),
    ...(metrics ? { metrics } : {}),
  }
}

/** A run directory's metrics.json, when it is there and well-formed (it is optional history). */
function readRunMetrics(path: string): BundleMetrics | undefined {
  if (!existsSync(path)) return undefined
  try {
    const parsed = metricsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

function loadOnnx(bytes: Uint8Array, label: string): LoadedModel {
  let imported: ReturnType<typeof importOnnx>
  try {
    imported = importOnnx(bytes, { name: basename(label, extname(label)) || 'imported' })
  } catch (e) {
    throw new UsageError(`${label}: ${e instanceof Error ? e.message : String(e)}`)
  }
  return { ...checked(imported.doc, label, 'onnx'), weights: imported.weights }
}

function parseDocumentBytes(bytes: Uint8Array, label: string): ModelDocument {
  const result = parseDocumentText(new TextDecoder().decode(bytes))
  if (result.ok) return result.doc
  const [first, ...rest] = result.errors
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : ''
  throw new UsageError(`${label}: not a valid model document: ${first}${more}`)
}

/** Refuses a document whose shapes do not check, naming the node, as the canvas would show it. */
function checked(doc: ModelDocument, label: string, source: ModelSource): LoadedModel {
  const issues = Object.values(inferShapes(doc).issues)
  const first = issues[0]
  if (first) {
    const port = first.port ? ` (port ${first.port})` : ''
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    throw new UsageError(`${label}: node ${first.node}${port}: ${first.message}${more}`)
  }
  const inputs = doc.nodes.filter((n) => n.type === 'input')
  if (inputs.length !== 1)
    throw new UsageError(
      `${label}: the CLI feeds one input, but the model has ${inputs.length} (${inputs.map((n) => n.id).join(', ') || 'none'})`,
    )
  if (doc.outputs.length === 0)
    throw new UsageError(`${label}: the model has no outputs: mark the layer to train as an output`)
  return { doc, label, source }
}
