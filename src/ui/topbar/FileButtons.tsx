import { useRef } from 'react'
import { openBrowserFile } from '../actions/openFile'
import { saveFile } from '../actions/saveFile'
import { appStore } from '../store/appStore'

/** Id of the hidden file input, so Ctrl+O can open the same picker as the Open button. */
export const OPEN_FILE_INPUT_ID = 'triad-open-file'

/** Open (a `.triad.json` file, read with full validation) and Save (download). */
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
        accept=".json,application/json"
        data-testid="open-file-input"
        aria-label="Open model file"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0]
          e.target.value = ''
          if (file) void openBrowserFile(appStore, file)
        }}
      />
      <button type="button" className="btn" onClick={() => saveFile(appStore)}>
        Save
      </button>
    </>
  )
}
