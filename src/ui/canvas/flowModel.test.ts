import { describe, expect, it } from 'vitest'
import { inferShapes } from '../../graph/shapes/inferShapes'
import { chainDocument, mlpDocument } from '../testing/fixtures'
import { flowEdges, flowNodes } from './flowModel'

describe('flowModel', () => {
  it('gives each node its typed ports, stats and selection', () => {
    const doc = mlpDocument()
    const nodes = flowNodes(doc, inferShapes(doc), { nodes: ['hidden'], edges: [] })
    const hidden = nodes.find((n) => n.id === 'hidden')!
    expect(hidden.type).toBe('layer')
    expect(hidden.selected).toBe(true)
    expect(hidden.data.inputs).toEqual([
      expect.objectContaining({ name: 'x', connected: true, shape: '[N, 2]', hasIssue: false }),
    ])
    expect(hidden.data.outputs[0]).toMatchObject({ name: 'out', shape: '[N, 16]' })
    expect(hidden.data.stats).toEqual({ paramCount: 48, flops: 64 })
    expect(hidden.data.summary).toEqual([{ name: 'out_features', value: '16' }])
  })

  it('labels each edge with the shape it carries', () => {
    const doc = mlpDocument()
    const edges = flowEdges(doc, inferShapes(doc), { nodes: [], edges: [] })
    expect(edges.map((e) => [e.sourceHandle, e.targetHandle, e.data?.shape])).toEqual([
      ['out', 'x', '[N, 2]'],
      ['out', 'x', '[N, 16]'],
    ])
  })

  it('marks the port and the edge a shape issue names', () => {
    const doc = chainDocument([
      ['image', 'input', { shape: [1, 4, 4] }],
      ['fc', 'dense', { out_features: 3 }],
    ])
    const report = inferShapes(doc)
    const fc = flowNodes(doc, report, { nodes: [], edges: [] }).find((n) => n.id === 'fc')!
    expect(fc.data.issue?.fix?.kind).toBe('insertLayer')
    expect(fc.data.inputs[0]?.hasIssue).toBe(true)
    expect(flowEdges(doc, report, { nodes: [], edges: [] })[0]?.data?.hasIssue).toBe(true)
  })

  it('shows a variadic merge with its connected ports and one free port', () => {
    const doc = chainDocument([
      ['a', 'input', { shape: [4] }],
      ['sum', 'add'],
    ])
    const sum = flowNodes(doc, inferShapes(doc), { nodes: [], edges: [] }).find((n) => n.id === 'sum')!
    expect(sum.data.inputs.map((p) => [p.name, p.connected])).toEqual([
      ['in0', true],
      ['in1', false],
    ])
  })
})

describe('the node data cache', () => {
  it('reuses node data across a selection change and renews it after an edit', () => {
    const doc = mlpDocument()
    const report = inferShapes(doc)
    const cache = new Map()
    const first = flowNodes(doc, report, { nodes: [], edges: [] }, cache)
    const second = flowNodes(doc, report, { nodes: ['act'], edges: [] }, cache)
    expect(second[2]?.data).toBe(first[2]?.data)
    expect(second[2]?.selected).toBe(true)
    const third = flowNodes(doc, inferShapes(doc), { nodes: [], edges: [] }, cache)
    expect(third[2]?.data).not.toBe(first[2]?.data)
    expect(third[2]?.data).toEqual(first[2]?.data)
  })
})
