import { useState } from 'react'
import type { Dataset } from '../../engine/data/dataset'
import { DEFAULT_TRAINING } from '../run/trainingSettings'
import { appStore } from '../store/appStore'
import {
  type CsvSketch,
  importCsv,
  importNpyPair,
  orderNpyPair,
  sketchCsv,
  type UploadRole,
} from './readUpload'

/** A CSV read but not imported yet: its text, what it looks like and the roles chosen so far. */
export interface PendingCsv {
  readonly text: string
  readonly sketch: CsvSketch
  readonly roles: Readonly<Record<string, UploadRole>>
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** Keeps an imported dataset in the session and makes it the document's dataset (one undo step). */
export function adoptDataset(dataset: Dataset): void {
  const state = appStore.getState()
  state.addUpload(dataset)
  const setup = state.doc.training ?? DEFAULT_TRAINING
  state.apply({ kind: 'setTraining', training: { ...setup, dataset: dataset.name } }, `use ${dataset.name}`)
}

/**
 * The upload flow of the data panel: files in, a CSV waiting for its column roles, or an error
 * naming the file, row and column. Nothing reaches the store until a file imports whole.
 */
export function useUpload() {
  const [pending, setPending] = useState<PendingCsv | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function receive(files: readonly File[]): Promise<void> {
    setError(null)
    setPending(null)
    const csv = files.filter((f) => /\.(csv|tsv|txt)$/i.test(f.name))
    const npy = files.filter((f) => /\.npy$/i.test(f.name))
    try {
      if (csv.length === 1 && files.length === 1) {
        const text = await csv[0]!.text()
        const sketch = sketchCsv(text, csv[0]!.name)
        setPending({ text, sketch, roles: sketch.roles })
      } else if (npy.length === 2 && files.length === 2) {
        const read = await Promise.all(
          npy.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
        )
        const [x, y] = orderNpyPair([read[0]!, read[1]!])
        adoptDataset(importNpyPair(x, y))
      } else {
        setError(
          `choose one .csv file, or two .npy files (inputs and labels, e.g. x.npy and y.npy); got ${files.map((f) => f.name).join(', ') || 'nothing'}`,
        )
      }
    } catch (e) {
      setError(message(e))
    }
  }

  function importPending(): void {
    if (!pending) return
    try {
      adoptDataset(importCsv(pending.text, pending.sketch.fileName, pending.roles))
      setPending(null)
      setError(null)
    } catch (e) {
      setError(message(e))
    }
  }

  return {
    pending,
    error,
    receive,
    importPending,
    setRole: (column: string, role: UploadRole) =>
      setPending((p) => (p ? { ...p, roles: { ...p.roles, [column]: role } } : p)),
    cancel: () => {
      setPending(null)
      setError(null)
    },
  }
}
