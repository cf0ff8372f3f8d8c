import { openHelp } from './helpStore'

/** The top bar's Help button: opens the help panel (the same as pressing `?`). */
export function HelpButton() {
  return (
    <button
      type="button"
      className="btn"
      aria-haspopup="dialog"
      data-testid="help-button"
      onClick={openHelp}
      title="Help and keyboard shortcuts (?)"
    >
      Help
    </button>
  )
}
