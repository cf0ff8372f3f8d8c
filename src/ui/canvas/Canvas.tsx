import '@xyflow/react/dist/style.css'
import {
  Background,
  BackgroundVariant,
  Controls,
  type FinalConnectionState,
  type IsValidConnection,
  MiniMap,
  type OnConnect,
  type OnNodeDrag,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react'
import { type DragEvent, useCallback, useEffect, useRef } from 'react'
import { checkConnection } from '../../graph/changes/connect'
import { addLayer } from '../actions/addLayer'
import { canConnect, connectPorts, edgeFor } from '../actions/connectPorts'
import { moveNodes } from '../actions/moveNodes'
import { appStore } from '../store/appStore'
import { useApp } from '../store/useApp'
import { CATEGORY_COLORS } from './categoryColors'
import type { LayerFlowNode, ShapeFlowEdge } from './flowModel'
import { LayerNode } from './LayerNode'
import { PALETTE_MIME, readPaletteDrop } from './paletteDrag'
import { ShapeEdge } from './ShapeEdge'
import { useFlowState } from './useFlowState'

const NODE_TYPES = { layer: LayerNode }
const EDGE_TYPES = { shape: ShapeEdge }
const FIT_OPTIONS = { padding: 0.12, maxZoom: 1.25 }
/** A dropped node's top-left sits this far up-left of the pointer, so the node lands under it. */
const DROP_OFFSET = { x: 90, y: 20 }

const isValidConnection: IsValidConnection<ShapeFlowEdge> = (c) =>
  canConnect(appStore.getState().doc, {
    source: c.source,
    sourceHandle: c.sourceHandle,
    target: c.target,
    targetHandle: c.targetHandle,
  })

const onConnect: OnConnect = (c) => {
  connectPorts(appStore, c)
}

/** A wire dropped on a port that refused it: say why in the status bar. */
function explainRefusal(_: MouseEvent | TouchEvent, state: FinalConnectionState) {
  if (state.isValid !== false || !state.fromHandle || !state.toHandle) return
  const [from, to] =
    state.fromHandle.type === 'source'
      ? [state.fromHandle, state.toHandle]
      : [state.toHandle, state.fromHandle]
  const edge = edgeFor({ source: from.nodeId, sourceHandle: from.id, target: to.nodeId, targetHandle: to.id })
  if (!edge) return
  const check = checkConnection(appStore.getState().doc, edge)
  if (!check.ok) appStore.getState().notify(`Cannot connect: ${check.reason}`, 'error')
}

const onNodeDragStop: OnNodeDrag<LayerFlowNode> = (_, __, nodes) => {
  moveNodes(
    appStore,
    nodes.map((n) => ({ id: n.id, position: n.position })),
  )
}

function miniMapColor(node: LayerFlowNode): string {
  if (node.data.issue) return '#e5534b'
  return CATEGORY_COLORS[node.data.category] ?? '#6b7385'
}

function CanvasView() {
  const { nodes, edges, onNodesChange, onEdgesChange, endDrag } = useFlowState()
  const flow = useReactFlow<LayerFlowNode, ShapeFlowEdge>()
  const wrapper = useRef<HTMLDivElement>(null)
  const fitViewRequest = useApp((s) => s.fitViewRequest)
  const empty = nodes.length === 0

  const reportCenter = useCallback(() => {
    const box = wrapper.current?.getBoundingClientRect()
    if (!box) return
    const center = flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
    appStore.getState().setViewCenter({ x: center.x - DROP_OFFSET.x, y: center.y - DROP_OFFSET.y })
  }, [flow])

  useEffect(() => {
    if (fitViewRequest === 0) return
    // Wait a frame so nodes added by the same change are measured before fitting.
    const frame = requestAnimationFrame(() => {
      // An empty document has nothing to fit: start from the plain 1:1 view, so a drop lands
      // where the pointer is and the first node does not zoom the canvas under the next drop.
      if (flow.getNodes().length === 0) void flow.setViewport({ x: 0, y: 0, zoom: 1 }).then(reportCenter)
      else void flow.fitView({ ...FIT_OPTIONS, duration: 200 }).then(reportCenter)
    })
    return () => cancelAnimationFrame(frame)
  }, [fitViewRequest, flow, reportCenter])

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return
    e.preventDefault()
    e.dataTransfer.dropEffect = 'copy'
  }, [])

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = readPaletteDrop(e.dataTransfer)
      if (!kind) return
      e.preventDefault()
      e.stopPropagation()
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY })
      addLayer(appStore, kind, { x: Math.round(p.x - DROP_OFFSET.x), y: Math.round(p.y - DROP_OFFSET.y) })
    },
    [flow],
  )

  const onDragStop = useCallback<OnNodeDrag<LayerFlowNode>>(
    (event, node, dragged) => {
      onNodeDragStop(event, node, dragged)
      endDrag()
    },
    [endDrag],
  )

  return (
    <div className="canvas" data-testid="canvas" ref={wrapper}>
      <ReactFlow<LayerFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onConnectEnd={explainRefusal}
        isValidConnection={isValidConnection}
        onNodeDragStop={onDragStop}
        onInit={reportCenter}
        onMoveEnd={reportCenter}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        colorMode="dark"
        fitView
        fitViewOptions={FIT_OPTIONS}
        minZoom={0.1}
        maxZoom={2.5}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#2a2f3a" />
        <MiniMap<LayerFlowNode>
          pannable
          zoomable
          nodeColor={miniMapColor}
          nodeStrokeWidth={0}
          ariaLabel="Minimap"
          style={{ width: 168, height: 110 }}
        />
        <Controls showInteractive={false} />
      </ReactFlow>
      {empty && (
        <div className="canvas-empty">
          <p>Drag a layer from the palette, or start from a template.</p>
        </div>
      )}
    </div>
  )
}

/** The graph canvas (React Flow): layers, shape-labelled edges, minimap and controls. */
export function Canvas() {
  return (
    <ReactFlowProvider>
      <CanvasView />
    </ReactFlowProvider>
  )
}
