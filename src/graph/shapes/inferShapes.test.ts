import { describe, expect, it } from 'vitest'
import { type BlockDef, edgeId, emptyDocument, type GraphNode, type ModelDocument } from '../document/schema'
import { edgeShape, inferBodyShapes, inferShapes } from './inferShapes'

const at = { x: 0, y: 0 }
const node = (id: string, type: string, params: GraphNode['params'] = {}): GraphNode => ({
  id,
  type,
  params,
  position: at,
})
function edge(source: string, target: string, targetPort = 'x', sourcePort = 'out') {
  const ends = { source, sourcePort, target, targetPort }
  return { id: edgeId(ends), ...ends }
}
function doc(nodes: GraphNode[], edges: ModelDocument['edges'], blocks: BlockDef[] = []): ModelDocument {
  return { ...emptyDocument('t'), nodes, edges, blocks }
}

/** x [2] -> fc1 (2 -> 16) -> act -> fc2 (16 -> 3). */
function mlp(fc2In = 16): ModelDocument {
  return doc(
    [
      node('x', 'input', { shape: [2] }),
      node('fc1', 'dense', { in_features: 2, out_features: 16 }),
      node('act', 'relu'),
      node('fc2', 'dense', { in_features: fc2In, out_features: 3 }),
      node('out', 'relu'),
    ],
    [edge('x', 'fc1'), edge('fc1', 'act'), edge('act', 'fc2'), edge('fc2', 'out')],
  )
}

/** A block `proj`: input h -> dense(8 -> 8) -> relu, output `y`. */
const proj: BlockDef = {
  name: 'proj',
  inputs: ['h'],
  outputs: [{ name: 'y', node: 'act', port: 'out' }],
  nodes: [
    node('h', 'input', { shape: [1] }),
    node('fc', 'dense', { in_features: 8, out_features: 8 }),
    node('act', 'relu'),
  ],
  edges: [edge('h', 'fc'), edge('fc', 'act')],
}

describe('inferShapes', () => {
  it('infers every shape of a good graph, with parameter counts and FLOPs', () => {
    const report = inferShapes(mlp())
    expect(report.issues).toEqual({})
    expect(report.outputs.fc1).toEqual([['N', 16]])
    expect(report.outputs.out).toEqual([['N', 3]])
    expect(report.stats.fc1).toEqual({ paramCount: 2 * 16 + 16, flops: 2 * 2 * 16 })
    expect(report.totalParams).toBe(48 + 16 * 3 + 3)
    expect(report.dtypes?.x).toEqual(['float'])
  })

  it('reports a mismatch once, on the failing node, and skips what lies downstream', () => {
    const report = inferShapes(mlp(5))
    expect(Object.keys(report.issues)).toEqual(['fc2'])
    expect(report.issues.fc2).toMatchObject({
      node: 'fc2',
      port: 'x',
      fix: { kind: 'setParam', param: 'in_features', value: 16 },
    })
    expect(report.outputs.out).toBeUndefined()
    expect(report.outputs.act).toEqual([['N', 16]])
  })

  it('names the port of an unconnected required input', () => {
    const d = mlp()
    d.edges = d.edges.filter((e) => e.target !== 'fc2')
    expect(inferShapes(d).issues.fc2).toEqual({
      node: 'fc2',
      port: 'x',
      message: 'Input x is not connected.',
    })
  })

  it('names the missing slot of a variadic input', () => {
    const d = doc([node('x', 'input', { shape: [3] }), node('sum', 'add')], [edge('x', 'sum', 'in0')])
    expect(inferShapes(d).issues.sum).toMatchObject({ port: 'in1' })
  })

  it('feeds variadic inputs in index order', () => {
    const d = doc(
      [
        node('a', 'input', { shape: [3, 4] }),
        node('b', 'input', { shape: [5, 4] }),
        node('cat', 'concat', { dim: 1 }),
      ],
      [edge('b', 'cat', 'in1'), edge('a', 'cat', 'in0')],
    )
    expect(inferShapes(d).outputs.cat).toEqual([['N', 8, 4]])
  })

  it('passes only the connected optional inputs (self-attention from the query alone)', () => {
    const d = doc(
      [
        node('q', 'input', { shape: [7, 8] }),
        node('mha', 'multiHeadAttention', { embed_dim: 8, num_heads: 2 }),
      ],
      [edge('q', 'mha', 'query')],
    )
    expect(inferShapes(d).outputs.mha).toEqual([['N', 7, 8]])
  })

  it('infers a block instance through its body with the incoming shapes', () => {
    const d = doc(
      [
        node('x', 'input', { shape: [4, 8] }),
        node('p1', 'block', { block: 'proj' }),
        node('p2', 'block', { block: 'proj' }),
      ],
      [edge('x', 'p1', 'h'), edge('p1', 'p2', 'h', 'y')],
      [proj],
    )
    const report = inferShapes(d)
    expect(report.issues).toEqual({})
    expect(report.outputs.p2).toEqual([['N', 4, 8]])
    expect(report.stats.p1).toEqual({ paramCount: 72, flops: 2 * 4 * 8 * 8 + 4 * 8 })
    expect(report.totalParams).toBe(144)
    expect(edgeShape(report, d.edges[1]!)).toEqual(['N', 4, 8])
  })

  it('reports a failure inside a block on the instance, naming the inner node', () => {
    const d = doc(
      [node('x', 'input', { shape: [3] }), node('p', 'block', { block: 'proj' }), node('after', 'relu')],
      [edge('x', 'p', 'h'), edge('p', 'after', 'x', 'y')],
      [proj],
    )
    const report = inferShapes(d)
    expect(report.issues.p?.message).toBe(
      'Inside block "proj", fc.x: in_features is 8 but the input has 3 features.',
    )
    expect(report.issues.p?.fix).toBeUndefined()
    expect(report.issues.after).toBeUndefined()
  })

  it('reports unknown types, missing blocks and cycles without throwing', () => {
    const d = doc(
      [node('q', 'nope'), node('b', 'block', { block: 'gone' }), node('r1', 'relu'), node('r2', 'relu')],
      [edge('r1', 'r2'), edge('r2', 'r1')],
    )
    const { issues } = inferShapes(d)
    expect(issues.q?.message).toBe('Unknown layer type "nope".')
    expect(issues.b?.message).toBe('There is no block named "gone".')
    expect(Object.keys(issues).sort()).toEqual(['b', 'q', 'r1', 'r2'])
  })

  it('reports invalid params on the node instead of running the shape rule', () => {
    const d = mlp()
    d.nodes[1] = node('fc1', 'dense', { in_features: 2, out_features: 'ten' })
    expect(inferShapes(d).issues.fc1?.message).toBe(
      'Invalid params: out_features: expected a number, got "ten"',
    )
  })

  it("does not confuse a node id with an object's built-in keys", () => {
    const d = doc([node('constructor', 'relu')], [])
    const report = inferShapes(d)
    expect(report.outputs.toString).toBeUndefined()
    expect(report.issues['constructor' as string]?.port).toBe('x')
  })

  it('infers a block body on its own, given the shapes its inputs take', () => {
    const report = inferBodyShapes(proj, { blocks: [proj] }, new Map([['h', { shape: ['N', 8] }]]))
    expect(report.outputs.act).toEqual([['N', 8]])
  })
})

describe('edgeShape', () => {
  it('gives the shape on a wire, or undefined when its source fails', () => {
    const report = inferShapes(mlp(5))
    expect(edgeShape(report, edge('fc1', 'act'))).toEqual(['N', 16])
    expect(edgeShape(report, edge('fc2', 'out'))).toBeUndefined()
  })
})

describe('inferShapes with optional ports', () => {
  const attention = (wired: string[], vdim: number | null = 12) =>
    doc(
      [
        node('q', 'input', { shape: [5, 8] }),
        node('v', 'input', { shape: [7, 12] }),
        node('mha', 'multiHeadAttention', { embed_dim: 8, num_heads: 2, vdim }),
      ],
      wired.map((port) => edge(port === 'query' ? 'q' : 'v', 'mha', port)),
    )

  it('infers self-attention when only the query is connected', () => {
    expect(inferShapes(attention(['query'], null)).outputs.mha).toEqual([['N', 5, 8]])
  })

  it('asks for the key when the value is wired without it, instead of reading the value as the key', () => {
    const issue = inferShapes(attention(['query', 'value'])).issues.mha
    expect(issue?.port).toBe('key')
    expect(issue?.message).toContain('value is connected but key is not')
  })
})
