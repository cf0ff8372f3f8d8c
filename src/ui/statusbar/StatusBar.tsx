import { useEffect } from 'react'
import { formatStats } from '../format'
import { appStore } from '../store/appStore'
import { useApp } from '../store/useApp'

/** How long a notice stays before it clears itself: errors get longer to be read. */
const NOTICE_MS = { info: 6000, error: 15000 } as const

function ShapeErrors() {
  const issues = useApp((s) => s.shapes.issues)
  const ids = Object.keys(issues)
  if (ids.length === 0) return <span className="status-ok">shapes check</span>
  return (
    <button
      type="button"
      className="status-errors"
      title="Select the layers with shape errors"
      onClick={() => appStore.getState().select(ids)}
    >
      {ids.length} shape error{ids.length === 1 ? '' : 's'}
    </button>
  )
}

/**
 * The status bar: model totals, shape errors, code status and the latest notice. Notices and the
 * code status are in an aria-live region, so they are read out as they change.
 */
export function StatusBar() {
  const totalParams = useApp((s) => s.shapes.totalParams)
  const totalFlops = useApp((s) => s.shapes.totalFlops)
  const notice = useApp((s) => s.notice)
  const codeStatus = useApp((s) => s.code.status)
  const nodes = useApp((s) => s.doc.nodes.length)

  useEffect(() => {
    if (!notice) return
    const timer = setTimeout(() => {
      if (appStore.getState().notice === notice) appStore.getState().clearNotice()
    }, NOTICE_MS[notice.tone])
    return () => clearTimeout(timer)
  }, [notice])

  return (
    <footer className="statusbar" data-testid="status">
      <span className="status-item" data-testid="status-totals">
        {nodes} layer{nodes === 1 ? '' : 's'} · {formatStats({ paramCount: totalParams, flops: totalFlops })}
      </span>
      <span className="status-item">
        <ShapeErrors />
      </span>
      <span className="status-item status-live" aria-live="polite" data-testid="status-message">
        {notice ? (
          <span className={`notice tone-${notice.tone}`} key={notice.seq}>
            {notice.text}
          </span>
        ) : codeStatus === 'tracing' ? (
          'Tracing code…'
        ) : null}
      </span>
      {notice && (
        <button
          type="button"
          className="status-dismiss"
          aria-label="Dismiss message"
          onClick={() => appStore.getState().clearNotice()}
        >
          ×
        </button>
      )}
    </footer>
  )
}
