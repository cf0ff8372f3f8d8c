import { useMemo, useRef } from 'react'
import { appStore } from '../store/appStore'
import { useApp } from '../store/useApp'
import { useSession } from '../useSession'
import { isCodeLocked } from './codeSync'
import type { MonacoCallbacks, MonacoViewState } from './monacoController'
import { useMonacoController } from './useMonacoController'

const STATUS_TEXT = {
  synced: 'in sync',
  editing: 'editing…',
  tracing: 'tracing…',
  error: 'error',
} as const

/** Shown above code that came from a file: it is displayed read-only until the user runs it. */
function ExternalCodeBanner() {
  const { codeSync } = useSession()
  return (
    <div className="code-banner" role="status">
      <span>This document's code came from a file and has not been run.</span>
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => void codeSync.run(appStore.getState().doc.code)}
      >
        Run code
      </button>
    </div>
  )
}

/**
 * The code face: Monaco with the DSL types. Typing is traced (debounced) into the graph; the
 * selected nodes' lines are highlighted, and the cursor selects the node whose lines it is in.
 */
export function CodePane({ collapsed, onToggle }: { collapsed: boolean; onToggle(): void }) {
  const { codeSync } = useSession()
  const code = useApp((s) => s.code)
  const selected = useApp((s) => s.selection.nodes)
  const locked = useApp((s) => isCodeLocked(s.doc))
  const authored = useApp((s) => s.doc.code !== undefined)
  const container = useRef<HTMLDivElement>(null)

  const view = useMemo<MonacoViewState>(
    () => ({ text: code.text, errors: code.errors, nodeLines: code.nodeLines, selected, readOnly: locked }),
    [code.text, code.errors, code.nodeLines, selected, locked],
  )
  const callbacks = useMemo<MonacoCallbacks>(
    () => ({
      onEdit: (text) => codeSync.edit(text),
      onCursorNode: (id) => appStore.getState().select([id]),
    }),
    [codeSync],
  )
  const ready = useMonacoController(container, view, callbacks)
  const first = code.errors[0]

  return (
    <section className={`code-pane${collapsed ? ' is-collapsed' : ''}`} aria-label="Code">
      <header className="pane-header">
        <h2>Code</h2>
        <span className="pane-sub">{authored ? 'your code' : 'generated from the graph'}</span>
        <span className={`code-status status-${code.status}`} data-testid="code-status">
          {locked ? 'not run' : STATUS_TEXT[code.status]}
        </span>
        <button type="button" className="pane-toggle" aria-expanded={!collapsed} onClick={onToggle}>
          {collapsed ? 'Show code' : 'Hide code'}
        </button>
      </header>
      {locked && <ExternalCodeBanner />}
      {first && code.status === 'error' && (
        <div className="code-error" data-testid="code-error">
          Line {first.line}: {first.message}
          {code.errors.length > 1 && ` (+${code.errors.length - 1} more)`}
        </div>
      )}
      {/* `nokey`: React Flow's key handlers (Space to pan) must not see typing in the editor. */}
      <div className="code-editor nokey" data-testid="code-editor">
        <div className="monaco-host" ref={container} />
        {!ready && <pre className="code-fallback">{code.text}</pre>}
      </div>
    </section>
  )
}
