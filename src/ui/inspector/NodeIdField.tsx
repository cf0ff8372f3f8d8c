import { useId, useState } from 'react'
import type { NodeId } from '../../graph/document/schema'
import { renameNode } from '../actions/renameNode'
import { appStore } from '../store/appStore'

/** The node id field: the id is the node's `const` name in code, so a rename is checked first. */
export function NodeIdField({ id }: { id: NodeId }) {
  const inputId = useId()
  const [draft, setDraft] = useState(id)
  const [error, setError] = useState<string | null>(null)
  const commit = (to: string) => {
    const problem = renameNode(appStore, id, to.trim())
    setError(problem)
  }
  return (
    <div className={`param-field${error ? ' has-error' : ''}`}>
      <label htmlFor={inputId} className="param-label">
        id
      </label>
      <input
        id={inputId}
        type="text"
        data-testid="inspector.id"
        value={draft}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error !== null}
        aria-describedby={error ? `${inputId}-error` : `${inputId}-help`}
        onChange={(e) => {
          setDraft(e.target.value)
          setError(null)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(e.currentTarget.value)
          if (e.key === 'Escape') {
            setDraft(id)
            setError(null)
          }
        }}
        onBlur={(e) => {
          if (e.currentTarget.value.trim() !== id) commit(e.currentTarget.value)
        }}
      />
      <p id={`${inputId}-help`} className="param-help">
        The node's name in the code face.
      </p>
      {error && (
        <p id={`${inputId}-error`} className="param-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
