import { Handle, type NodeProps, Position } from '@xyflow/react'
import { memo } from 'react'
import { applyFix } from '../actions/applyFix'
import { formatStats } from '../format'
import { appStore } from '../store/appStore'
import type { LayerFlowNode, PortView } from './flowModel'

function portClass(p: PortView, side: 'in' | 'out'): string {
  return [
    'port',
    `port-${side}`,
    p.connected ? 'is-connected' : '',
    p.optional ? 'is-optional' : '',
    p.hasIssue ? 'has-issue' : '',
    p.dtype === 'int' ? 'is-int' : '',
  ]
    .filter(Boolean)
    .join(' ')
}

function InputPort({ nodeId, port }: { nodeId: string; port: PortView }) {
  return (
    <div className={portClass(port, 'in')}>
      <Handle
        type="target"
        position={Position.Left}
        id={port.name}
        className="handle handle-in"
        title={`${nodeId}.${port.name} (input${port.dtype === 'int' ? ', int' : ''})`}
      />
      <span className="port-name">{port.name}</span>
    </div>
  )
}

function OutputPort({ nodeId, port }: { nodeId: string; port: PortView }) {
  return (
    <div className={portClass(port, 'out')}>
      {/* A connected output's shape is on its edges; an open one (a model output) shows it here. */}
      {port.shape && !port.connected && <span className="port-shape">{port.shape}</span>}
      <span className="port-name">{port.name}</span>
      <Handle
        type="source"
        position={Position.Right}
        id={port.name}
        className="handle handle-out"
        title={`${nodeId}.${port.name} (output${port.dtype === 'int' ? ', int' : ''})`}
      />
    </div>
  )
}

/**
 * A layer on the canvas: title and id, typed ports as handles named by port, the params worth
 * reading, a params/FLOPs badge, and the shape issue with its one-click fix.
 */
function LayerNodeView({ data, selected }: NodeProps<LayerFlowNode>) {
  const { id, issue } = data
  const rows = Math.max(data.inputs.length, data.outputs.length)
  return (
    <div
      className={`layer-node cat-${data.category}${issue ? ' has-error' : ''}${selected ? ' is-selected' : ''}`}
      data-node-type={data.type}
    >
      <header className="layer-node-header">
        <span className="layer-node-title">{data.title}</span>
        <span className="layer-node-id">{id}</span>
      </header>
      {rows > 0 && (
        <div className="layer-node-ports">
          <div className="ports-in">
            {data.inputs.map((p) => (
              <InputPort key={p.name} nodeId={id} port={p} />
            ))}
          </div>
          <div className="ports-out">
            {data.outputs.map((p) => (
              <OutputPort key={p.name} nodeId={id} port={p} />
            ))}
          </div>
        </div>
      )}
      {data.summary.length > 0 && (
        <dl className="layer-node-params">
          {data.summary.map((p) => (
            <div key={p.name}>
              <dt>{p.name}</dt>
              <dd>{p.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {data.stats && (data.stats.paramCount > 0 || data.stats.flops > 0) && (
        <div className="layer-node-badge">{formatStats(data.stats)}</div>
      )}
      {issue && (
        <div className="layer-node-issue" role="alert">
          <span className="issue-message">{issue.message}</span>
          {issue.fix && (
            <button type="button" className="nodrag fix-button" onClick={() => applyFix(appStore, id)}>
              Fix: {issue.fix.label}
            </button>
          )}
        </div>
      )}
    </div>
  )
}

export const LayerNode = memo(LayerNodeView)
