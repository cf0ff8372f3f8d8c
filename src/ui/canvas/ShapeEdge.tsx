import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react'
import { memo } from 'react'
import type { ShapeFlowEdge } from './flowModel'

/** An edge drawn as a curve, labelled with the tensor shape it carries (`[N, 16]`). */
function ShapeEdgeView(props: EdgeProps<ShapeFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath(props)
  const shape = props.data?.shape
  const issue = props.data?.hasIssue === true
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        className={`shape-edge${issue ? ' has-issue' : ''}${props.selected ? ' is-selected' : ''}`}
        interactionWidth={16}
      />
      {shape && (
        <EdgeLabelRenderer>
          <div
            className={`edge-shape-label${issue ? ' has-issue' : ''}${props.selected ? ' is-selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-label-${props.id}`}
          >
            {shape}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  )
}

export const ShapeEdge = memo(ShapeEdgeView)
