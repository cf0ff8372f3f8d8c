import type { GraphEdge, GraphNode, ModelDocument } from '../../document/schema'
import { SCHEMA_VERSION } from '../../document/schema'
import { findLayer } from '../../layers'
import type { ParamValue } from '../../layers/params'

/** One input of a layer case: batch dim included, row-major values. */
export interface CaseTensor {
  readonly shape: readonly number[]
  readonly dtype?: 'f32' | 'i32'
  readonly data: readonly number[]
}

/** A layer as one node of a document, with its inputs: a golden case or a gradient-check case. */
export interface LayerCase {
  readonly name: string
  readonly layer: string
  readonly params: Readonly<Record<string, ParamValue>>
  readonly mode: 'train' | 'eval'
  readonly inputs: readonly CaseTensor[]
  /** Input port of each input; default: the layer's ports in order (a variadic port's in0, in1, ...). */
  readonly ports?: readonly string[]
}

/** The port each input of `c` connects to. */
export function casePorts(c: LayerCase): string[] {
  if (c.ports) return [...c.ports]
  const layer = findLayer(c.layer)
  if (!layer) throw new Error(`unknown layer ${c.layer}`)
  return c.inputs.map((_, i) => {
    const variadic = layer.inputs.find((p) => p.variadic)
    if (variadic) return `${variadic.name}${i}`
    const port = layer.inputs[i]
    if (!port) throw new Error(`${c.layer} has no input ${i}`)
    return port.name
  })
}

/**
 * A document holding the case's layer as node `layer`, fed by input nodes `x0`, `x1`, ... (one per
 * case input, int64 for i32 inputs), with one output `out`. Built by hand so the lowering under
 * test goes through the same document the app would hold. An input is at least 1-D per sample,
 * so a [N] input (class indices) is an Input [1] followed by a Reshape to [].
 */
export function caseDocument(c: LayerCase): ModelDocument {
  const ports = casePorts(c)
  const nodes: GraphNode[] = []
  const edges: GraphEdge[] = []
  const edge = (source: string, target: string, targetPort: string) => {
    edges.push({
      id: `${source}:out->${target}:${targetPort}`,
      source,
      sourcePort: 'out',
      target,
      targetPort,
    })
  }
  c.inputs.forEach((t, i) => {
    const flat = t.shape.length === 1
    nodes.push({
      id: `x${i}`,
      type: 'input',
      params: { shape: flat ? [1] : t.shape.slice(1), ...(t.dtype === 'i32' ? { dtype: 'int64' } : {}) },
      position: { x: 0, y: 100 * i },
    })
    if (flat) {
      nodes.push({
        id: `x${i}_flat`,
        type: 'reshape',
        params: { shape: [] },
        position: { x: 100, y: 100 * i },
      })
      edge(`x${i}`, `x${i}_flat`, 'x')
    }
    edge(flat ? `x${i}_flat` : `x${i}`, 'layer', ports[i]!)
  })
  return {
    schemaVersion: SCHEMA_VERSION,
    name: c.name,
    nodes: [...nodes, { id: 'layer', type: c.layer, params: { ...c.params }, position: { x: 200, y: 0 } }],
    edges,
    outputs: [{ name: 'out', node: 'layer', port: 'out' }],
    blocks: [],
    metadata: {},
  }
}
