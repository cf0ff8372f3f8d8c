import { autoLayout } from '../actions/autoLayout'
import { redo } from '../actions/redo'
import { undo } from '../actions/undo'
import { isCodeLocked } from '../code/codeSync'
import { HelpButton } from '../help/HelpButton'
import { appStore } from '../store/appStore'
import { useApp } from '../store/useApp'
import { FileButtons } from './FileButtons'
import { ModelName } from './ModelName'
import { ProjectsButton } from './ProjectsButton'
import { TemplateMenu } from './TemplateMenu'

/** The top bar: model name, projects (with the save status), templates, files, undo/redo, layout, help, and a flag for a file's unrun code. */
export function TopBar() {
  const canUndo = useApp((s) => s.history.past.length > 0)
  const canRedo = useApp((s) => s.history.future.length > 0)
  const locked = useApp((s) => isCodeLocked(s.doc))
  const hasNodes = useApp((s) => s.doc.nodes.length > 0)
  return (
    <header className="topbar">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark">▲</span> Triad
      </div>
      <ModelName />
      <div className="toolbar" role="toolbar" aria-label="Document">
        <ProjectsButton />
        <TemplateMenu />
        <FileButtons />
      </div>
      <div className="toolbar" role="toolbar" aria-label="Edit">
        <button
          type="button"
          className="btn"
          disabled={!canUndo}
          onClick={() => undo(appStore)}
          title="Undo (Ctrl+Z)"
        >
          Undo
        </button>
        <button
          type="button"
          className="btn"
          disabled={!canRedo}
          onClick={() => redo(appStore)}
          title="Redo (Ctrl+Shift+Z)"
        >
          Redo
        </button>
        <button
          type="button"
          className="btn"
          disabled={!hasNodes}
          onClick={() => void autoLayout(appStore)}
          title="Lay the graph out left to right"
        >
          Auto-layout
        </button>
      </div>
      <div className="toolbar" role="toolbar" aria-label="Help">
        <HelpButton />
      </div>
      {locked && (
        <span className="topbar-flag" title="The code of this document has not been run; see the code pane">
          Opened from a file · code not run
        </span>
      )}
    </header>
  )
}
