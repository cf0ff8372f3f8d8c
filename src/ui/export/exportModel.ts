import type { ModelDocument } from '../../graph/document/schema'
import { onnxExportIssues } from '../../graph/onnx'
import { inferShapes } from '../../graph/shapes/inferShapes'
import type { RunController } from '../run/runController'
import type { AppStore } from '../store/appState'
import { exportBundle } from './exportBundle'
import { type ExportedFile, type ExportFormat, exportSimple } from './exportFormats'
import { currentWeights, type SourcedWeights } from './modelWeights'

/** What to export: a version by its semver, or the current model (`'current'`). */
export type ExportSubject = string

/** One reason a format cannot be written, shown before the user tries. */
export interface ExportIssue {
  readonly node: string
  readonly message: string
}

/**
 * Why `format` cannot be written for `doc`, found without writing it: ONNX and bundles list
 * `onnxExportIssues` (a bundle also needs exactly one input, for its samples); PyTorch needs
 * shapes that check; code always exports.
 */
export function exportIssues(format: ExportFormat, doc: ModelDocument): ExportIssue[] {
  if (format === 'code') return []
  if (format === 'pytorch')
    return Object.values(inferShapes(doc).issues).map((i) => ({ node: i.node, message: i.message }))
  const issues: ExportIssue[] = onnxExportIssues(doc)
  const inputs = doc.nodes.filter((n) => n.type === 'input').length
  if (format === 'bundle' && inputs !== 1)
    issues.push({
      node: '',
      message: `A bundle stores sample inputs for one input node; this model has ${inputs}.`,
    })
  return issues
}

/** The document and weights of a subject, and where the weights came from. */
export async function subjectModel(
  store: AppStore,
  run: Pick<RunController, 'getWeights'>,
  subject: ExportSubject,
): Promise<{ doc: ModelDocument } & SourcedWeights> {
  const version = store.getState().versions.find((v) => v.version === subject)
  if (version) return { doc: version.doc, weights: version.weights, from: `version ${version.version}` }
  return { doc: store.getState().doc, ...(await currentWeights(store, run)) }
}

/**
 * Writes `subject` (a version, or the current model) in `format`: the file to download and where
 * its weights came from. Throws the exporter's reason (naming the nodes) when it cannot.
 */
export async function exportModel(
  store: AppStore,
  run: Pick<RunController, 'getWeights'>,
  format: ExportFormat,
  subject: ExportSubject,
): Promise<{ file: ExportedFile; from: string }> {
  const { doc, weights, from } = await subjectModel(store, run, subject)
  const version = store.getState().versions.find((v) => v.version === subject)
  const file =
    format === 'bundle'
      ? await exportBundle({ doc, weights, ...(version ? { version } : {}) })
      : exportSimple(format, doc, weights)
  return { file, from }
}
