import { useMemo } from 'react'
import { Modal } from '../export/Modal'
import { appStore } from '../store/appStore'
import { useApp } from '../store/useApp'
import { CurvesChart } from './CurvesChart'
import { graphDiff, isEmptyDiff, setupDiff } from './compareVersions'
import { finalLoss, finalValidation, type ModelVersion } from './versionModel'

function Summary({ v }: { v: ModelVersion }) {
  const val = finalValidation(v)
  return (
    <div className="compare-column" data-testid={`compare-${v.version}`}>
      <h3>Version {v.version}</h3>
      <table className="compare-table">
        <tbody>
          <tr>
            <th scope="row">parent</th>
            <td>{v.parent ?? '–'}</td>
          </tr>
          <tr>
            <th scope="row">finished</th>
            <td>
              {v.outcome} · {new Date(v.createdAt).toLocaleString()}
            </td>
          </tr>
          <tr>
            <th scope="row">steps</th>
            <td>{v.setup.steps}</td>
          </tr>
          <tr>
            <th scope="row">final loss</th>
            <td>{finalLoss(v)?.toPrecision(4) ?? '–'}</td>
          </tr>
          <tr>
            <th scope="row">validation</th>
            <td>
              {val ? val.loss.toPrecision(4) : '–'}
              {val?.accuracy != null && ` · ${(100 * val.accuracy).toFixed(1)}%`}
            </td>
          </tr>
          <tr>
            <th scope="row">nodes</th>
            <td>{v.doc.nodes.length}</td>
          </tr>
        </tbody>
      </table>
    </div>
  )
}

/**
 * Two versions side by side: their figures, the hyperparameters that differ, the graph diff
 * (nodes and edges added, removed, changed) and their loss curves overlaid.
 */
export function CompareDialog() {
  const dialog = useApp((s) => s.shippingDialog)
  const versions = useApp((s) => s.versions)
  const pair = dialog?.kind === 'compare' ? dialog : null
  const left = versions.find((v) => v.version === pair?.left)
  const right = versions.find((v) => v.version === pair?.right)
  const [a, b] = left && right && left.createdAt > right.createdAt ? [right, left] : [left, right]
  const setup = useMemo(() => (a && b ? setupDiff(a.setup, b.setup) : []), [a, b])
  const graph = useMemo(() => (a && b ? graphDiff(a.doc, b.doc) : null), [a, b])
  const curves = useMemo(
    () => (a && b ? [a, b].map((v) => ({ label: v.version, curve: v.curve })) : []),
    [a, b],
  )
  if (!pair || !a || !b || !graph) return null
  return (
    <Modal
      title={`Compare ${a.version} and ${b.version}`}
      testId="compare-dialog"
      wide
      onClose={() => appStore.getState().setShippingDialog(null)}
    >
      <div className="compare-grid">
        <Summary v={a} />
        <Summary v={b} />
      </div>
      <section aria-label="Hyperparameter diff" data-testid="setup-diff">
        <h3>Hyperparameters</h3>
        {setup.length === 0 ? (
          <p className="versions-empty">Same training setup.</p>
        ) : (
          <table className="compare-table">
            <thead>
              <tr>
                <th scope="col">field</th>
                <th scope="col">{a.version}</th>
                <th scope="col">{b.version}</th>
              </tr>
            </thead>
            <tbody>
              {setup.map((d) => (
                <tr key={d.field}>
                  <td>{d.field}</td>
                  <td>{d.left}</td>
                  <td>{d.right}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-label="Graph diff" data-testid="graph-diff">
        <h3>Graph</h3>
        {isEmptyDiff(graph) ? (
          <p className="versions-empty">Same graph.</p>
        ) : (
          <ul className="diff-list">
            {graph.added.map((id) => (
              <li key={`+${id}`} className="diff-added">
                + node {id}
              </li>
            ))}
            {graph.removed.map((id) => (
              <li key={`-${id}`} className="diff-removed">
                − node {id}
              </li>
            ))}
            {graph.changed.map((c) => (
              <li key={`~${c.id}`} className="diff-changed">
                ~ node {c.id}: {c.changes.join(', ')}
              </li>
            ))}
            {graph.addedEdges.map((e) => (
              <li key={`+${e}`} className="diff-added">
                + edge {e}
              </li>
            ))}
            {graph.removedEdges.map((e) => (
              <li key={`-${e}`} className="diff-removed">
                − edge {e}
              </li>
            ))}
          </ul>
        )}
      </section>
      <CurvesChart curves={curves} />
    </Modal>
  )
}
