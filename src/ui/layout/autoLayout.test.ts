import { describe, expect, it } from 'vitest'
import { autoLayout } from '../actions/autoLayout'
import { storeWith } from '../testing/fixtures'
import { type LayoutEngine, toElkGraph } from './elkGraph'

describe('auto-layout', () => {
  it('hands ELK every node with its measured size and ports, and every edge port to port', () => {
    const store = storeWith()
    const graph = toElkGraph(store.getState().doc, { hidden: { width: 210, height: 120 } })
    const hidden = graph.children?.find((c) => c.id === 'hidden')
    expect(hidden).toMatchObject({ width: 210, height: 120 })
    expect(hidden?.ports?.map((p) => p.id)).toEqual(['hidden.in.x', 'hidden.out.out'])
    expect(graph.edges?.[0]).toMatchObject({ sources: ['x.out.out'], targets: ['hidden.in.x'] })
    expect(graph.layoutOptions?.['elk.direction']).toBe('RIGHT')
  })

  it('moves the nodes where the engine put them, as one undo step, and asks for a fit', async () => {
    const store = storeWith()
    const engine: LayoutEngine = async (g) => ({
      ...g,
      children: g.children?.map((c, i) => ({ ...c, x: 0, y: i * 100 })),
    })
    const fit = store.getState().fitViewRequest
    expect(await autoLayout(store, engine)).toBe(2)
    expect(store.getState().doc.nodes.map((n) => n.position)).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 100 },
      { x: 0, y: 200 },
    ])
    expect(store.getState().fitViewRequest).toBe(fit + 1)
    store.getState().undo()
    expect(store.getState().doc.nodes.map((n) => n.position.x)).toEqual([0, 260, 520])
  })

  it('leaves a document edited during the layout alone', async () => {
    const store = storeWith()
    const engine: LayoutEngine = async (g) => {
      store.getState().apply({ kind: 'setName', name: 'edited meanwhile' })
      return { ...g, children: g.children?.map((c) => ({ ...c, x: 999, y: 999 })) }
    }
    expect(await autoLayout(store, engine)).toBe(0)
    expect(store.getState().doc.nodes[0]?.position).toEqual({ x: 0, y: 0 })
  })
})
