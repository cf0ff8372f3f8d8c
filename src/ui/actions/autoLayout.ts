import { type LayoutEngine, positionsFromElk, toElkGraph } from '../layout/elkGraph'
import type { AppStore } from '../store/appState'
import { moveNodes } from './moveNodes'

async function defaultEngine(): Promise<LayoutEngine> {
  return (await import('../layout/elkWorkerEngine')).elkWorkerEngine
}

/**
 * Lays the graph out left to right with ELK (layered), as one undo step, then fits the view.
 * A document edited while the layout ran is left alone.
 * @returns the number of nodes moved.
 */
export async function autoLayout(store: AppStore, engine?: LayoutEngine): Promise<number> {
  const { doc, nodeSizes } = store.getState()
  if (doc.nodes.length === 0) return 0
  const layout = engine ?? (await defaultEngine())
  const result = await layout(toElkGraph(doc, nodeSizes))
  if (store.getState().doc !== doc) return 0
  const moved = moveNodes(store, positionsFromElk(result), 'auto-layout')
  store.getState().requestFitView()
  return moved
}
