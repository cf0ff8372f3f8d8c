import { documentFileName, serializeDocument } from '../../graph/document/validate'
import type { AppStore } from '../store/appState'

/** Hands a file to the browser as a download. */
export function browserDownload(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/**
 * Saves the document as `<name>.triad.json` (Save button, Ctrl+S).
 * @returns the file name written.
 */
export function saveFile(
  store: AppStore,
  download: (fileName: string, text: string) => void = browserDownload,
): string {
  const { doc, notify } = store.getState()
  const fileName = documentFileName(doc)
  download(fileName, serializeDocument(doc))
  notify(`Saved ${fileName}.`)
  return fileName
}
