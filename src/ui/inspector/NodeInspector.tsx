import { blockOf } from '../../graph/document/ports'
import type { GraphNode } from '../../graph/document/schema'
import { findLayer } from '../../graph/layers'
import { applyFix } from '../actions/applyFix'
import { setParam } from '../actions/setParam'
import { layerNodeData } from '../canvas/flowModel'
import { formatStats } from '../format'
import { appStore } from '../store/appStore'
import { useApp } from '../store/useApp'
import { NodeIdField } from './NodeIdField'
import { ParamField } from './ParamField'

function Shapes({ node }: { node: GraphNode }) {
  const doc = useApp((s) => s.doc)
  const shapes = useApp((s) => s.shapes)
  const data = layerNodeData(node, doc, shapes)
  return (
    <section className="inspector-section" aria-labelledby="inspector-shapes">
      <h3 id="inspector-shapes">Shapes</h3>
      <table className="shape-table" data-testid="inspector.shapes">
        <tbody>
          {data.inputs.map((p) => (
            <tr key={`in-${p.name}`} className={p.hasIssue ? 'has-issue' : undefined}>
              <th scope="row">input {p.name}</th>
              <td>
                {p.shape ?? (p.connected ? '?' : p.optional ? 'not connected (optional)' : 'not connected')}
              </td>
            </tr>
          ))}
          {data.outputs.map((p) => (
            <tr key={`out-${p.name}`}>
              <th scope="row">output {p.name}</th>
              <td>{p.shape ?? '?'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.stats && <p className="inspector-stats">{formatStats(data.stats)} per sample</p>}
    </section>
  )
}

function Issue({ node }: { node: GraphNode }) {
  const issue = useApp((s) => s.shapes.issues[node.id])
  if (!issue) return null
  return (
    <section className="inspector-issue" role="alert" data-testid="inspector.issue">
      <p className="issue-message">
        {issue.port && <strong>{issue.port}: </strong>}
        {issue.message}
      </p>
      {(issue.expected || issue.actual) && (
        <p className="issue-detail">
          {issue.expected && <>expected {issue.expected}</>}
          {issue.expected && issue.actual && ', '}
          {issue.actual && <>got {issue.actual}</>}
        </p>
      )}
      {issue.fix && (
        <button type="button" className="fix-button" onClick={() => applyFix(appStore, node.id)}>
          Fix: {issue.fix.label}
        </button>
      )}
    </section>
  )
}

/** The inspector of one node: id, params form, shapes in and out, and its shape issue. */
export function NodeInspector({ node }: { node: GraphNode }) {
  const blocks = useApp((s) => s.doc.blocks)
  const layer = findLayer(node.type)
  const block = blockOf(node, { blocks })
  const title = block ? `Block ${block.name}` : (layer?.label ?? node.type)
  return (
    <>
      <header className="inspector-header">
        <h2>{title}</h2>
        {layer && <p className="inspector-torch">{layer.torch}</p>}
        {layer && <p className="inspector-doc">{layer.doc}</p>}
      </header>
      <Issue node={node} />
      <section className="inspector-section" aria-labelledby="inspector-params">
        <h3 id="inspector-params">Parameters</h3>
        <NodeIdField key={node.id} id={node.id} />
        {layer &&
          Object.entries(layer.params).map(([name, spec]) => {
            const isSet = Object.hasOwn(node.params, name)
            const value = isSet ? (node.params[name] ?? null) : spec.default
            return (
              <ParamField
                key={`${node.id}.${name}.${JSON.stringify(value)}`}
                name={name}
                spec={spec}
                value={value}
                isSet={isSet}
                onCommit={(v) => setParam(appStore, node.id, name, v)}
              />
            )
          })}
        {layer && Object.keys(layer.params).length === 0 && <p className="inspector-note">No parameters.</p>}
        {block && (
          <p className="inspector-note">
            Inputs {block.inputs.join(', ')} → outputs {block.outputs.map((o) => o.name).join(', ')};{' '}
            {block.nodes.length} nodes inside.
          </p>
        )}
      </section>
      <Shapes node={node} />
    </>
  )
}
