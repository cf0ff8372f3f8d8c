import { zipSync } from 'fflate'
import type { HostArray } from '../../engine/io/hostArray'
import { writeSafetensors } from '../../engine/io/safetensors'
import { emitCode } from '../../graph/code/emitCode'
import type { ModelDocument } from '../../graph/document/schema'
import { exportOnnx } from '../../graph/onnx'
import { exportPyTorch } from '../../graph/pytorch'
import type { ModelWeights } from '../versions/versionModel'
import { tensorsOf } from './modelWeights'

/** What the export dialog can write. */
export type ExportFormat = 'onnx' | 'pytorch' | 'bundle' | 'code'

/** A file ready to download. */
export interface ExportedFile {
  readonly fileName: string
  readonly bytes: Uint8Array
  readonly mime: string
}

/** The formats in the order the dialog lists them, with what each is for. */
export const EXPORT_FORMATS: readonly { format: ExportFormat; label: string; description: string }[] = [
  {
    format: 'bundle',
    label: 'Bundle (.zip)',
    description:
      'Everything prod needs: manifest with hashes and lineage, document, safetensors weights, ONNX, code, metrics, samples, PyTorch.',
  },
  {
    format: 'onnx',
    label: 'ONNX (.onnx)',
    description: 'The inference graph (opset 17) with its weights, for onnxruntime and other runtimes.',
  },
  {
    format: 'pytorch',
    label: 'PyTorch (.zip)',
    description:
      'model.py, train.py (torchrun/DDP-ready) and weights.safetensors, to go on training at scale.',
  },
  { format: 'code', label: 'Code (.ts)', description: "The model's code face, as the code pane shows it." },
]

/** A name safe in a file name (`MLP spirals` -> `mlp-spirals`). */
export function fileStem(name: string): string {
  const stem = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return stem || 'model'
}

/** Weights as safetensors bytes (float32, state_dict keys, `format: pt` as torch writes it). */
export function weightsSafetensors(weights: ModelWeights, modelName: string): Uint8Array {
  const tensors: Record<string, HostArray> = {}
  for (const map of [weights.params, weights.buffers])
    for (const [k, t] of Object.entries(map))
      tensors[k] = { dtype: 'float32', shape: [...t.shape], data: t.data }
  return writeSafetensors(tensors, { format: 'pt', model: modelName })
}

const utf8 = (text: string) => new TextEncoder().encode(text)

/**
 * Writes one of the formats that need no bundle writer: ONNX, the PyTorch folder as a zip, or the
 * code. Throws the exporter's message (naming the nodes) when the model cannot be exported.
 */
export function exportSimple(
  format: Exclude<ExportFormat, 'bundle'>,
  doc: ModelDocument,
  weights: ModelWeights,
): ExportedFile {
  const stem = fileStem(doc.name)
  switch (format) {
    case 'onnx':
      return {
        fileName: `${stem}.onnx`,
        bytes: exportOnnx(doc, tensorsOf(weights)),
        mime: 'application/octet-stream',
      }
    case 'pytorch': {
      const files = exportPyTorch(doc)
      const zip = zipSync({
        [`${stem}/model.py`]: utf8(files['model.py']),
        [`${stem}/train.py`]: utf8(files['train.py']),
        [`${stem}/weights.safetensors`]: weightsSafetensors(weights, doc.name),
      })
      return { fileName: `${stem}-pytorch.zip`, bytes: zip, mime: 'application/zip' }
    }
    case 'code':
      return { fileName: `${stem}.ts`, bytes: utf8(emitCode(doc).code), mime: 'text/typescript' }
  }
}

/** Hands bytes to the browser as a download (Blob + `a.download`). */
export function downloadFile(file: ExportedFile): void {
  const url = URL.createObjectURL(new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
