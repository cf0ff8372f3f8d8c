import { describe, expect, it } from 'vitest'
import { edgeId, emptyDocument, type GraphEdge, type ModelDocument } from './schema'
import { documentFileName, parseDocument, parseDocumentText, serializeDocument } from './validate'

function edge(source: string, target: string, targetPort = 'x', sourcePort = 'out'): GraphEdge {
  const ends = { source, sourcePort, target, targetPort }
  return { id: edgeId(ends), ...ends }
}

/** input [2] -> dense(2 -> 3) -> relu, output `y`. */
function mlp(): ModelDocument {
  return {
    ...emptyDocument('mlp'),
    nodes: [
      { id: 'x', type: 'input', params: { shape: [2] }, position: { x: 0, y: 0 } },
      { id: 'fc', type: 'dense', params: { in_features: 2, out_features: 3 }, position: { x: 200, y: 0 } },
      { id: 'act', type: 'relu', params: {}, position: { x: 400, y: 0 } },
    ],
    edges: [edge('x', 'fc'), edge('fc', 'act')],
    outputs: [{ name: 'y', node: 'act', port: 'out' }],
  }
}

function errorsOf(json: unknown): string[] {
  const result = parseDocument(json)
  if (result.ok) throw new Error('expected the document to be rejected')
  return result.errors
}

describe('parseDocument', () => {
  it('accepts a valid document and returns it unchanged', () => {
    const result = parseDocument(JSON.parse(JSON.stringify(mlp())))
    expect(result).toEqual({ ok: true, doc: mlp() })
  })

  it('names the JSON path and the bad value of a param of the wrong type', () => {
    const doc = mlp()
    doc.nodes[1]!.params.out_features = 'ten'
    expect(errorsOf(doc)).toEqual(['nodes[1].params.out_features: expected a number, got "ten"'])
  })

  it('names an unknown param and lists the ones the layer has', () => {
    const doc = mlp()
    doc.nodes[1]!.params.out_feature = 3
    expect(errorsOf(doc)).toEqual([
      'nodes[1].params.out_feature: "out_feature" is not a param of dense (its params: in_features, out_features, bias)',
    ])
  })

  it('rejects a param below its minimum with the limit', () => {
    const doc = mlp()
    doc.nodes[1]!.params.out_features = 0
    expect(errorsOf(doc)).toEqual(['nodes[1].params.out_features: must be at least 1, got 0'])
  })

  it('rejects an unknown layer type and suggests the close one', () => {
    const doc = mlp()
    doc.nodes[1]!.type = 'dnse'
    expect(errorsOf(doc)).toEqual(['nodes[1].type: unknown layer type "dnse" (did you mean "dense"?)'])
  })

  it('rejects duplicate node ids, naming both places', () => {
    const doc = mlp()
    doc.nodes[2]!.id = 'fc'
    doc.edges = [edge('x', 'fc')]
    doc.outputs = []
    expect(errorsOf(doc)).toEqual(['nodes[2].id: duplicate node id "fc" (also nodes[1])'])
  })

  it('rejects edges to missing nodes and ports', () => {
    const doc = mlp()
    doc.edges.push(edge('ghost', 'act', 'y'), edge('x', 'act', 'z', 'nope'))
    expect(errorsOf(doc)).toEqual([
      'edges[2].source: no node "ghost"',
      'edges[2].targetPort: act has no input port "y"',
      'edges[3].sourcePort: x has no output port "nope" (its outputs: out)',
      'edges[3].targetPort: act has no input port "z"',
    ])
  })

  it('rejects a second edge into one input port', () => {
    const doc = mlp()
    doc.edges.push(edge('x', 'act'))
    expect(errorsOf(doc)).toEqual([
      'edges[2].targetPort: port act:x already has an edge (edges[1]); an input port takes one edge',
    ])
  })

  it('rejects an edge whose id is not its canonical id', () => {
    const doc = mlp()
    doc.edges[0] = { ...doc.edges[0]!, id: 'e1' }
    expect(errorsOf(doc)).toEqual(['edges[0].id: expected "x:out->fc:x", got "e1"'])
  })

  it('rejects outputs naming missing nodes, and duplicate output names', () => {
    const doc = mlp()
    doc.outputs.push({ name: 'y', node: 'nowhere', port: 'out' })
    expect(errorsOf(doc)).toEqual([
      'outputs[1].name: duplicate output name "y"',
      'outputs[1].node: no node "nowhere"',
    ])
  })

  it('rejects a block instance naming a missing block', () => {
    const doc = mlp()
    doc.nodes.push({ id: 'b', type: 'block', params: { block: 'residual' }, position: { x: 0, y: 0 } })
    expect(errorsOf(doc)).toEqual(['nodes[3].params.block: no block named "residual"'])
  })

  it('rejects a cycle and names its path', () => {
    const doc = mlp()
    doc.nodes.push({
      id: 'back',
      type: 'dense',
      params: { in_features: 3, out_features: 2 },
      position: { x: 0, y: 0 },
    })
    doc.edges = [edge('fc', 'act'), edge('back', 'fc'), edge('act', 'back')]
    expect(errorsOf(doc)).toEqual([
      'edges[2]: closes a cycle back -> fc -> act -> back; a model must be acyclic',
    ])
  })

  it('reports structural errors from zod with their paths', () => {
    const doc = mlp() as unknown as Record<string, unknown>
    const nodes = doc.nodes as Record<string, unknown>[]
    nodes[0]!.position = { x: 'left', y: 0 }
    nodes[2]!.id = 'const'
    expect(errorsOf(doc)).toEqual([
      'nodes[0].position.x: expected a number, got "left"',
      'nodes[2].id: "const" is a reserved word in the code face; pick another name',
    ])
  })

  it('checks block bodies with paths inside the block, and blocks that contain themselves', () => {
    const doc = mlp()
    doc.blocks = [
      {
        name: 'loop',
        inputs: ['h', 'fc'],
        outputs: [{ name: 'out', node: 'inner', port: 'out' }],
        nodes: [
          { id: 'h', type: 'input', params: {}, position: { x: 0, y: 0 } },
          { id: 'fc', type: 'dense', params: { out_features: 'many' }, position: { x: 0, y: 0 } },
          { id: 'inner', type: 'block', params: { block: 'loop' }, position: { x: 0, y: 0 } },
        ],
        edges: [],
      },
    ]
    expect(errorsOf(doc)).toEqual([
      'blocks[0].inputs[1]: "fc" is a dense node; a block input must be an input node',
      'blocks[0].nodes[1].params.out_features: expected a number, got "many"',
      'blocks[0]: block "loop" contains itself (loop -> loop)',
    ])
  })

  it('migrates a version-0 document (no schemaVersion, no edge ids) before checking it', () => {
    const { schemaVersion: _v, outputs: _o, blocks: _b, metadata: _m, ...old } = mlp()
    const v0 = { ...old, edges: old.edges.map(({ id: _id, ...rest }) => rest) }
    expect(parseDocument(v0)).toEqual({ ok: true, doc: { ...mlp(), outputs: [] } })
  })

  it('refuses a document from a newer version instead of guessing', () => {
    expect(errorsOf({ ...mlp(), schemaVersion: 99 })[0]).toMatch(
      /^schemaVersion: this document is version 99/,
    )
  })

  it('reports broken JSON text as an error, not an exception', () => {
    const result = parseDocumentText('{"name": ')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors[0]).toMatch(/^not valid JSON/)
  })
})

describe('serializeDocument', () => {
  it('writes the same bytes whatever order the keys were built in', () => {
    const doc = mlp()
    const shuffled = {
      metadata: {},
      outputs: doc.outputs,
      edges: doc.edges.map((e) => Object.fromEntries(Object.entries(e).reverse())),
      nodes: doc.nodes.map((n) => ({
        position: n.position,
        params: { ...n.params },
        type: n.type,
        id: n.id,
      })),
      blocks: [],
      name: doc.name,
      schemaVersion: doc.schemaVersion,
    } as unknown as ModelDocument
    shuffled.nodes[1]!.params = { out_features: 3, in_features: 2 }
    expect(serializeDocument(shuffled)).toBe(serializeDocument(doc))
    expect(serializeDocument(doc)).toMatch(/^\{\n {2}"schemaVersion": 1,\n {2}"name": "mlp",/)
    expect(serializeDocument(doc)).toContain('"in_features": 2,\n        "out_features": 3')
  })

  it('round-trips through parseDocument', () => {
    expect(parseDocumentText(serializeDocument(mlp()))).toEqual({ ok: true, doc: mlp() })
  })
})

describe('documentFileName', () => {
  it('turns the model name into a kebab-case file name', () => {
    expect(documentFileName({ name: 'My CNN (v2)!' })).toBe('my-cnn-v2.triad.json')
    expect(documentFileName({ name: 'charTransformer' })).toBe('char-transformer.triad.json')
    expect(documentFileName({ name: '***' })).toBe('untitled.triad.json')
  })
})
