import { useEffect } from 'react'
import { importModelFile, modelFileKind } from './importing/importModelFile'
import type { AppStore } from './store/appState'

function hasFiles(e: DragEvent): boolean {
  return e.dataTransfer?.types.includes('Files') === true
}

/**
 * Opens a model file dropped anywhere on the app (like the Open button): a `.json` document, an
 * `.onnx` model or a bundle `.zip`.
 */
export function useFileDrop(store: AppStore): void {
  useEffect(() => {
    const onDragOver = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault()
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'
    }
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault()
      const file = e.dataTransfer?.files[0]
      if (!file) return
      if (!modelFileKind(file.name)) {
        store.getState().notify(`${file.name} is not a model file (.json, .onnx or a bundle .zip).`, 'error')
        return
      }
      void importModelFile(store, file)
    }
    window.addEventListener('dragover', onDragOver)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('dragover', onDragOver)
      window.removeEventListener('drop', onDrop)
    }
  }, [store])
}
