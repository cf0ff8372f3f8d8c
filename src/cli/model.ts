import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { ModelDocument } from '../graph/document/schema'
import { parseDocumentText } from '../graph/document/validate'
import { inferShapes } from '../graph/shapes/inferShapes'
import { findTemplate, TEMPLATES } from '../graph/templates'
import { UsageError } from './errors'

/** File names inside a run directory written by `triad train --out`. */
export const RUN_FILES = {
  model: 'model.json',
  weights: 'weights.safetensors',
  metrics: 'metrics.json',
} as const

/** A model named on the command line, loaded and checked. */
export interface LoadedModel {
  readonly doc: ModelDocument
  /** What the user typed, for messages (`model.json`, `mlp-spirals`). */
  readonly label: string
  /** The run directory's weights, when the model was given as a `triad train --out` directory. */
  readonly weightsPath?: string
}

/**
 * The model behind `<model>`: a template id (`mlp-spirals`), a model document (`model.json`), or a
 * directory written by `triad train --out` (its `model.json`, and its weights as the default
 * `--weights`). The document is validated (`parseDocument`) and its shapes checked, so every later
 * failure is about data, not about the model. Problems are one-line `UsageError`s.
 */
export function loadModel(spec: string, cwd: string): LoadedModel {
  const template = findTemplate(spec)
  if (template) return checked(template.create(), spec)
  const path = resolve(cwd, spec)
  if (!existsSync(path)) {
    const looksLikeFile = /[/\\]|\.json$/i.test(spec)
    if (looksLikeFile) throw new UsageError(`${spec}: no such model file`)
    throw new UsageError(
      `unknown template '${spec}' (templates: ${TEMPLATES.map((t) => t.id).join(', ')}; or give a model.json file)`,
    )
  }
  if (statSync(path).isDirectory()) {
    const modelPath = join(path, RUN_FILES.model)
    if (!existsSync(modelPath))
      throw new UsageError(
        `${spec}: the directory has no ${RUN_FILES.model} (give a model file or a triad train --out directory)`,
      )
    const weightsPath = join(path, RUN_FILES.weights)
    const doc = readDocument(modelPath, `${spec}/${RUN_FILES.model}`)
    return { ...checked(doc, spec), ...(existsSync(weightsPath) ? { weightsPath } : {}) }
  }
  return checked(readDocument(path, basename(spec)), basename(spec))
}

function readDocument(path: string, label: string): ModelDocument {
  const result = parseDocumentText(readFileSync(path, 'utf8'))
  if (result.ok) return result.doc
  const [first, ...rest] = result.errors
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : ''
  throw new UsageError(`${label}: not a valid model document: ${first}${more}`)
}

/** Refuses a document whose shapes do not check, naming the node, as the canvas would show it. */
function checked(doc: ModelDocument, label: string): LoadedModel {
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
  return { doc, label }
}
