import type { EdgeChange, NodeChange, XYPosition } from '@xyflow/react'
import { useCallback, useMemo, useRef, useState } from 'react'
import { moveNodes } from '../actions/moveNodes'
import { appStore } from '../store/appStore'
import type { Size } from '../store/uiSlice'
import { useApp } from '../store/useApp'
import { flowEdges, flowNodes, type LayerFlowNode, type NodeDataCache, type ShapeFlowEdge } from './flowModel'

/**
 * The canvas's React Flow state, derived from the store. The document stays the source of truth:
 * React Flow's own changes are read for what they mean (selection, measured sizes, positions
 * while a drag is in flight), and positions reach the document only when a drag ends.
 */
export function useFlowState() {
  const doc = useApp((s) => s.doc)
  const shapes = useApp((s) => s.shapes)
  const selection = useApp((s) => s.selection)
  const [dragging, setDragging] = useState<Readonly<Record<string, XYPosition>>>({})
  const [measured, setMeasured] = useState<Readonly<Record<string, Size>>>({})

  const cache = useRef<NodeDataCache>(new Map())
  const base = useMemo(() => flowNodes(doc, shapes, selection, cache.current), [doc, shapes, selection])
  const edges = useMemo(() => flowEdges(doc, shapes, selection), [doc, shapes, selection])
  const nodes = useMemo<LayerFlowNode[]>(
    () =>
      base.map((n) => {
        const size = measured[n.id]
        const position = dragging[n.id]
        if (!size && !position) return n
        return { ...n, ...(position ? { position } : {}), ...(size ? { measured: size } : {}) }
      }),
    [base, dragging, measured],
  )

  const onNodesChange = useCallback((changes: NodeChange<LayerFlowNode>[]) => {
    const sizes: Record<string, Size> = {}
    const moves: Record<string, XYPosition> = {}
    const settled: { id: string; position: XYPosition }[] = []
    let selected: Set<string> | undefined
    for (const c of changes) {
      if (c.type === 'dimensions' && c.dimensions) sizes[c.id] = c.dimensions
      else if (c.type === 'position' && c.position) {
        // In flight while dragging; a settled position (drag end, arrow keys) is committed.
        if (c.dragging) moves[c.id] = c.position
        else settled.push({ id: c.id, position: c.position })
      } else if (c.type === 'select') {
        selected ??= new Set(appStore.getState().selection.nodes)
        if (c.selected) selected.add(c.id)
        else selected.delete(c.id)
      }
    }
    if (Object.keys(sizes).length > 0) {
      setMeasured((prev) => ({ ...prev, ...sizes }))
      const state = appStore.getState()
      state.setNodeSizes({ ...state.nodeSizes, ...sizes })
    }
    if (Object.keys(moves).length > 0) setDragging((prev) => ({ ...prev, ...moves }))
    if (settled.length > 0) {
      moveNodes(appStore, settled)
      setDragging((prev) => {
        const next = { ...prev }
        for (const { id } of settled) delete next[id]
        return next
      })
    }
    if (selected) appStore.getState().select([...selected], appStore.getState().selection.edges)
  }, [])

  const onEdgesChange = useCallback((changes: EdgeChange<ShapeFlowEdge>[]) => {
    let selected: Set<string> | undefined
    for (const c of changes) {
      if (c.type !== 'select') continue
      selected ??= new Set(appStore.getState().selection.edges)
      if (c.selected) selected.add(c.id)
      else selected.delete(c.id)
    }
    if (selected) appStore.getState().select(appStore.getState().selection.nodes, [...selected])
  }, [])

  const endDrag = useCallback(() => setDragging({}), [])

  return { nodes, edges, onNodesChange, onEdgesChange, endDrag }
}
