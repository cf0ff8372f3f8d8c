import '../export/shipping.css'
import './help.css'
import { Modal } from '../export/Modal'
import { isMacPlatform, shortcutRows } from '../shortcuts/shortcutRegistry'
import { startTour } from '../tour/tourStore'
import { closeHelp, useHelpOpen } from './helpStore'

/**
 * The help panel (Help button, `?` key): the tour to take again and every keyboard shortcut with
 * what it does, generated from the shortcut registry so the list cannot drift from the keys.
 */
export function HelpPanel() {
  const open = useHelpOpen()
  if (!open) return null
  const rows = shortcutRows(isMacPlatform(navigator.platform))
  return (
    <Modal title="Help" testId="help-panel" onClose={closeHelp}>
      <p className="help-tour">
        New here? The tour points at the graph, the code and the bundle in a few steps.{' '}
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => {
            closeHelp()
            // After the panel has closed and handed focus back to its opener, which the tour then
            // remembers and restores when it ends.
            setTimeout(startTour, 0)
          }}
        >
          Take the tour
        </button>
      </p>
      <h3 className="help-heading" id="help-shortcuts-heading">
        Keyboard shortcuts
      </h3>
      <table className="help-shortcuts" aria-labelledby="help-shortcuts-heading" data-testid="shortcut-list">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.verb} data-testid={`shortcut-${row.verb}`}>
              <td>
                {row.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && <span className="help-or"> or </span>}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{row.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="help-note">
        Editing shortcuts leave text fields alone: in the code pane, its own undo and copy apply.
      </p>
    </Modal>
  )
}
