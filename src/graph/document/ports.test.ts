import { describe, expect, it } from 'vitest'
import { createNode, findInputPort, inputPortsOf, outputPortsOf, uniqueNodeId } from './ports'
import { type BlockDef, edgeId, emptyDocument, type GraphNode, type ModelDocument } from './schema'

const at = { x: 0, y: 0 }
const node = (id: string, type: string, params: GraphNode['params'] = {}): GraphNode => ({
  id,
  type,
  params,
  position: at,
})
function edge(source: string, target: string, targetPort: string) {
  const ends = { source, sourcePort: 'out', target, targetPort }
  return { id: edgeId(ends), ...ends }
}

const pair: BlockDef = {
  name: 'pair',
  inputs: ['a', 'b'],
  outputs: [{ name: 'sum', node: 'plus', port: 'out' }],
  nodes: [node('a', 'input', { dtype: 'int64' }), node('b', 'input'), node('plus', 'add')],
  edges: [edge('a', 'plus', 'in0'), edge('b', 'plus', 'in1')],
}

function docWith(nodes: GraphNode[], edges: ModelDocument['edges'] = []): ModelDocument {
  return { ...emptyDocument(), nodes, edges, blocks: [pair] }
}

describe('inputPortsOf', () => {
  it('lists a fixed layer port with its dtype', () => {
    const doc = docWith([node('emb', 'embedding')])
    expect(inputPortsOf(doc.nodes[0]!, doc)).toEqual([
      expect.objectContaining({ name: 'x', dtype: 'int', optional: false }),
    ])
  })

  it('shows a variadic port as its minimum count when nothing is connected', () => {
    const doc = docWith([node('cat', 'concat')])
    expect(inputPortsOf(doc.nodes[0]!, doc).map((p) => p.name)).toEqual(['in0', 'in1'])
  })

  it('expands a variadic port to the connected ones plus one free port', () => {
    const doc = docWith(
      [node('x', 'input'), node('y', 'input'), node('cat', 'concat')],
      [edge('x', 'cat', 'in0'), edge('y', 'cat', 'in1')],
    )
    const ports = inputPortsOf(doc.nodes[2]!, doc)
    expect(ports.map((p) => [p.name, p.optional])).toEqual([
      ['in0', false],
      ['in1', false],
      ['in2', true],
    ])
  })

  it('keeps a gap left by a removed edge as a free port', () => {
    const doc = docWith([node('x', 'input'), node('cat', 'concat')], [edge('x', 'cat', 'in2')])
    expect(inputPortsOf(doc.nodes[1]!, doc).map((p) => p.name)).toEqual(['in0', 'in1', 'in2', 'in3'])
  })

  it("gives a block instance one port per block input, typed by the inner input's dtype", () => {
    const doc = docWith([node('p', 'block', { block: 'pair' })])
    expect(inputPortsOf(doc.nodes[0]!, doc).map((p) => [p.name, p.dtype])).toEqual([
      ['a', 'int'],
      ['b', 'float'],
    ])
    expect(outputPortsOf(doc.nodes[0]!, doc).map((p) => p.name)).toEqual(['sum'])
  })

  it('has no ports for an unknown type or a missing block', () => {
    const doc = docWith([node('q', 'nope'), node('r', 'block', { block: 'gone' })])
    expect(inputPortsOf(doc.nodes[0]!, doc)).toEqual([])
    expect(outputPortsOf(doc.nodes[1]!, doc)).toEqual([])
  })
})

describe('findInputPort', () => {
  it('accepts any index of a variadic port but not a malformed one', () => {
    const doc = docWith([node('cat', 'concat')])
    expect(findInputPort(doc.nodes[0]!, 'in7', doc)?.variadic).toEqual({ base: 'in', index: 7 })
    expect(findInputPort(doc.nodes[0]!, 'in07', doc)).toBeUndefined()
    expect(findInputPort(doc.nodes[0]!, 'x', doc)).toBeUndefined()
  })
})

describe('outputPortsOf', () => {
  it("types an input node's port by its dtype param", () => {
    expect(outputPortsOf(node('ids', 'input', { dtype: 'int64' }), {})[0]?.dtype).toBe('int')
    expect(outputPortsOf(node('x', 'input'), {})[0]?.dtype).toBe('float')
  })
})

describe('createNode', () => {
  it('fills required params with their defaults and leaves optional ones out', () => {
    expect(createNode('dense', 'fc', { x: 10, y: 20 })).toEqual({
      id: 'fc',
      type: 'dense',
      params: { in_features: 1, out_features: 1 },
      position: { x: 10, y: 20 },
    })
  })

  it('lets given params override the defaults', () => {
    expect(createNode('dense', 'fc', at, { out_features: 10, bias: false }).params).toEqual({
      in_features: 1,
      out_features: 10,
      bias: false,
    })
  })

  it('refuses an unknown layer type', () => {
    expect(() => createNode('dnse', 'fc', at)).toThrow('Unknown layer type "dnse"')
  })
})

describe('uniqueNodeId', () => {
  it('counts up from the base name', () => {
    const body = { nodes: [node('dense', 'dense'), node('dense_1', 'dense')] }
    expect(uniqueNodeId({ nodes: [] }, 'dense')).toBe('dense')
    expect(uniqueNodeId(body, 'dense')).toBe('dense_2')
  })

  it('never returns a reserved word or an invalid identifier', () => {
    expect(uniqueNodeId({ nodes: [] }, 'model')).toBe('model_1')
    expect(uniqueNodeId({ nodes: [] }, 'in')).toBe('in_1')
    expect(uniqueNodeId({ nodes: [] }, '2 layers')).toBe('_2_layers')
  })
})
