import '../export/shipping.css'
import { useState } from 'react'
import { appStore } from '../store/appStore'
import { useApp } from '../store/useApp'
import { useSession } from '../useSession'
import { rollBack, runWeightsLoader } from './rollBack'
import { finalLoss, type ModelVersion } from './versionModel'

const loss = (v: ModelVersion) => {
  const l = finalLoss(v)
  return l === null ? '–' : l.toPrecision(4)
}

/**
 * The versions panel: every finished run (and opened bundle) as a version with its final loss,
 * steps and parent; tick two to compare them side by side; one click rolls back to a version.
 */
export function VersionsPanel() {
  const { run } = useSession()
  const versions = useApp((s) => s.versions)
  const current = useApp((s) => s.currentVersion)
  const [picked, setPicked] = useState<readonly string[]>([])
  const toggle = (version: string) =>
    setPicked((p) => (p.includes(version) ? p.filter((v) => v !== version) : [...p, version].slice(-2)))
  const [left, right] = picked
  return (
    <section className="versions-panel" aria-labelledby="versions-heading" data-testid="versions-panel">
      <header className="versions-header">
        <h2 id="versions-heading">Versions</h2>
        <button
          type="button"
          className="btn"
          disabled={!left || !right}
          onClick={() => {
            if (left && right) appStore.getState().setShippingDialog({ kind: 'compare', left, right })
          }}
        >
          Compare
        </button>
      </header>
      {versions.length === 0 ? (
        <p className="versions-empty">Every finished run becomes a version here.</p>
      ) : (
        <ul className="versions-list">
          {[...versions].reverse().map((v) => (
            <li
              key={v.version}
              className="version-row"
              data-testid={`version-${v.version}`}
              data-current={v.version === current}
            >
              <input
                type="checkbox"
                aria-label={`Select ${v.version} to compare`}
                checked={picked.includes(v.version)}
                onChange={() => toggle(v.version)}
              />
              <span>
                <strong>{v.version}</strong>
                {v.version === current && ' · current'}
                <span className="version-meta">
                  {' '}
                  {v.outcome === 'bundle' ? 'bundle' : `${v.setup.steps} steps, ${v.outcome}`} · loss{' '}
                  {loss(v)}
                  {v.parent && ` · from ${v.parent}`}
                </span>
              </span>
              <button
                type="button"
                className="btn"
                aria-label={`Roll back to ${v.version}`}
                onClick={() => void rollBack(appStore, v.version, runWeightsLoader(run))}
              >
                Roll back
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
