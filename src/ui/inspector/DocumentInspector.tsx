import { formatStats } from '../format'
import { useApp } from '../store/useApp'

/** What the inspector shows with nothing selected: the model as a whole. */
export function DocumentInspector() {
  const doc = useApp((s) => s.doc)
  const shapes = useApp((s) => s.shapes)
  const issues = Object.keys(shapes.issues).length
  return (
    <>
      <header className="inspector-header">
        <h2>{doc.name}</h2>
        {doc.metadata.description && <p className="inspector-doc">{doc.metadata.description}</p>}
      </header>
      <section className="inspector-section" aria-labelledby="inspector-model">
        <h3 id="inspector-model">Model</h3>
        <table className="shape-table">
          <tbody>
            <tr>
              <th scope="row">layers</th>
              <td>{doc.nodes.length}</td>
            </tr>
            <tr>
              <th scope="row">connections</th>
              <td>{doc.edges.length}</td>
            </tr>
            <tr>
              <th scope="row">size</th>
              <td>{formatStats({ paramCount: shapes.totalParams, flops: shapes.totalFlops })}</td>
            </tr>
            <tr>
              <th scope="row">shape errors</th>
              <td>{issues}</td>
            </tr>
            {doc.outputs.length > 0 && (
              <tr>
                <th scope="row">outputs</th>
                <td>{doc.outputs.map((o) => o.name).join(', ')}</td>
              </tr>
            )}
            {doc.training && (
              <tr>
                <th scope="row">training</th>
                <td>
                  {doc.training.loss}, {doc.training.optimizer.type} (lr {doc.training.optimizer.lr}), batch{' '}
                  {doc.training.batch_size}, {doc.training.epochs} epochs
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
      <p className="inspector-note">Select a layer to edit its parameters. Shift-drag to select several.</p>
    </>
  )
}
