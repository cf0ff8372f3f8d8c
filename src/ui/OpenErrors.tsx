import { appStore } from './store/appStore'
import { useApp } from './store/useApp'

/** The problems of a file that failed to open, listed in full (nothing was changed). */
export function OpenErrors() {
  const failed = useApp((s) => s.openErrors)
  if (!failed) return null
  return (
    <div
      className="open-errors"
      role="alertdialog"
      aria-labelledby="open-errors-title"
      data-testid="open-errors"
    >
      <header>
        <h2 id="open-errors-title">Could not open {failed.file}</h2>
        <button type="button" className="btn" onClick={() => appStore.getState().setOpenErrors(null)}>
          Close
        </button>
      </header>
      <p>The current model is unchanged. The file has these problems:</p>
      <ul>
        {failed.errors.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
    </div>
  )
}
