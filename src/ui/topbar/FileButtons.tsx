import { useRef } from 'react'
import { saveFile } from '../actions/saveFile'
import { importModelFile, MODEL_FILE_ACCEPT } from '../importing/importModelFile'
import { appStore } from '../store/appStore'

/** Id of the hidden file input, so Ctrl+O can open the same picker as the Open button. */
export const OPEN_FILE_INPUT_ID = 'triad-open-file'

/**
 * Open (a `.triad.json` document read with full validation, an `.onnx` model or a bundle `.zip`),
 * Save (download) and Export (the export dialog: bundle, ONNX, PyTorch, code).
 */
export function FileButtons() {
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <button type="button" className="btn" onClick={() => input.current?.click()}>
        Open
      </button>
      <input
        ref={input}
        id={OPEN_FILE_INPUT_ID}
        type="file"
        accept={MODEL_FILE_ACCEPT}
        data-testid="open-file-input"
        aria-label="Open model file"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0]
          e.target.value = ''
          if (file) void importModelFile(appStore, file)
        }}
      />
      <button type="button" className="btn" onClick={() => saveFile(appStore)}>
        Save
      </button>
      <button
        type="button"
        className="btn"
        aria-haspopup="dialog"
        data-testid="export-button"
        onClick={() => appStore.getState().setShippingDialog({ kind: 'export' })}
      >
        Export…
      </button>
    </>
  )
}
