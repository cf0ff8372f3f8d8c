import { useApp } from '../store/useApp'
import { DocumentInspector } from './DocumentInspector'
import { NodeInspector } from './NodeInspector'

/** The right-hand inspector: the selected node, a multi-selection summary, or the model. */
export function Inspector() {
  const selected = useApp((s) => s.selection.nodes)
  const node = useApp((s) =>
    s.selection.nodes.length === 1 ? s.doc.nodes.find((n) => n.id === s.selection.nodes[0]) : undefined,
  )
  return (
    <aside className="inspector" data-testid="inspector" aria-label="Inspector">
      {node ? (
        <NodeInspector key={node.id} node={node} />
      ) : selected.length > 1 ? (
        <header className="inspector-header">
          <h2>{selected.length} layers selected</h2>
          <p className="inspector-doc">Delete, copy (Ctrl+C) or drag them together.</p>
        </header>
      ) : (
        <DocumentInspector />
      )}
    </aside>
  )
}
