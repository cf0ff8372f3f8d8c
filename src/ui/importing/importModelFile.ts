import type { ModelDocument } from '../../graph/document/schema'
import { importOnnx } from '../../graph/onnx'
import { openFile } from '../actions/openFile'
import { shapeWeights } from '../export/modelWeights'
import type { AppStore } from '../store/appState'
import type { ModelVersion, ModelWeights } from '../versions/versionModel'
import { readBundleFile } from './readBundleFile'

/** The kinds of model file the IDE opens, by extension. */
export type ModelFileKind = 'document' | 'onnx' | 'bundle'

/** What a file's name says it is, or null for a file Triad does not open. */
export function modelFileKind(name: string): ModelFileKind | null {
  if (/\.json$/i.test(name)) return 'document'
  if (/\.onnx$/i.test(name)) return 'onnx'
  if (/\.zip$/i.test(name)) return 'bundle'
  return null
}

/** The extensions the Open picker accepts. */
export const MODEL_FILE_ACCEPT = '.json,application/json,.onnx,.zip,application/zip'

/** What reading a model file gave: the document, its weights, and the version a bundle carries. */
export interface ImportedModel {
  readonly doc: ModelDocument
  readonly weights: ModelWeights
  readonly version?: ModelVersion
}

/** A file's name without its extension (`mlp.onnx` -> `mlp`). */
function stem(name: string): string {
  return name.replace(/\.[^.]+$/, '') || 'imported'
}

/**
 * Reads an ONNX file (as PyTorch exports it) into an editable document and its weights. Nothing in
 * the file is executed. Throws the importer's one-line reason (unknown ops named with their nodes).
 */
export function readOnnxFile(name: string, bytes: Uint8Array): ImportedModel {
  const imported = importOnnx(bytes, { name: stem(name) })
  const doc: ModelDocument = { ...imported.doc, metadata: { ...imported.doc.metadata, origin: 'external' } }
  return { doc, weights: shapeWeights(doc, imported.weights) }
}

/**
 * Opens a model file dropped on the app or picked with Open: a document (.json), an ONNX model
 * or a bundle (.zip). An ONNX file or bundle replaces the document as one undo step and its weights
 * become the model's weights (`loadedWeights`: exported as they are, given to the next run when it
 * can take them); a bundle also becomes a version with its metrics. A file that cannot be read
 * changes nothing; its problem is listed like a document's. Nothing from a file is executed (a
 * bundle's model.ts is text; the document comes from its model.json).
 * @returns whether the model was opened.
 */
export async function importModelFile(
  store: AppStore,
  file: { readonly name: string; arrayBuffer(): Promise<ArrayBuffer> },
): Promise<boolean> {
  const kind = modelFileKind(file.name)
  const { notify, setOpenErrors } = store.getState()
  if (!kind) {
    notify(
      `${file.name} is not a model file: open a .json document, an .onnx model or a bundle .zip.`,
      'error',
    )
    return false
  }
  const bytes = new Uint8Array(await file.arrayBuffer())
  if (kind === 'document') return openFile(store, { name: file.name, text: new TextDecoder().decode(bytes) })
  let model: ImportedModel
  try {
    model = kind === 'onnx' ? readOnnxFile(file.name, bytes) : await readBundleFile(file.name, bytes)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    setOpenErrors({ file: file.name, errors: message.split('\n').filter((l) => l.trim() !== '') })
    notify(`Could not open ${file.name}: ${message.split('\n')[0]}`, 'error')
    return false
  }
  loadImported(store, file.name, model)
  return true
}

/** Puts an imported model into the store: document (one undo step), weights, and its version. */
export function loadImported(store: AppStore, fileName: string, model: ImportedModel): void {
  const state = store.getState()
  state.setOpenErrors(null)
  state.apply({ kind: 'replaceDocument', doc: model.doc }, `open ${fileName}`, 'load')
  state.clearSelection()
  state.setLoadedWeights({ weights: model.weights, from: fileName })
  if (model.version) state.addVersion(model.version)
  else state.setCurrentVersion(null)
  state.requestFitView()
  state.notify(
    model.version
      ? `Opened ${fileName}: version ${model.version.version} with its weights.`
      : `Imported ${fileName} with its weights (${Object.keys(model.weights.params).length} parameters).`,
  )
}
