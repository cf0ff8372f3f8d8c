import type { Folded } from './fold'
import { liftNode } from './liftNode'
import { nameText } from './names'
import { matchAttention, matchGelu, matchLayerNorm } from './patterns'
import { Graph, type LayerSpec } from './spec'
import type { ActNode } from './values'

/**
 * The second pass of the import: the folded graph's activation nodes grouped into catalogue
 * layers. Patterns (attention, GELU, decomposed LayerNorm) go first, then one layer per remaining
 * node. Every node must end up in exactly one layer, and a layer's inner tensors must not be read
 * from outside it; otherwise the error lists each node that cannot be mapped and why.
 */

const where = (n: ActNode) => (n.source ? `${n.op} (node ${nameText(n.source.name)})` : n.op)

/** Lifts a folded graph to layer specs, in the graph's order. */
export function liftLayers(folded: Folded): LayerSpec[] {
  const g = new Graph(folded)
  const owner = new Map<number, LayerSpec>()
  const claim = (s: LayerSpec) => {
    for (const c of s.covers) owner.set(c, s)
  }
  const free = (s: LayerSpec) => s.covers.every((c) => !owner.has(c))
  for (const n of folded.nodes) {
    if (owner.has(n.index)) continue
    const s =
      n.op === 'Softmax'
        ? matchAttention(g, n)
        : n.op === 'Erf'
          ? matchGelu(g, n)
          : n.op === 'Sqrt'
            ? matchLayerNorm(g, n)
            : undefined
    if (s && free(s)) claim(s)
  }
  const problems: string[] = []
  for (const n of folded.nodes) {
    if (owner.has(n.index)) continue
    // a Pad is taken by the AveragePool after it
    if (n.op === 'Pad' && g.only(n.index)?.op === 'AveragePool') continue
    const s = liftNode(g, n, (v) => v?.kind === 'act')
    if (typeof s === 'string') problems.push(`${where(n)}: ${s}`)
    else if (!free(s)) problems.push(`${where(n)}: overlaps another layer.`)
    else claim(s)
  }
  for (const n of folded.nodes)
    if (!owner.has(n.index) && !problems.some((p) => p.startsWith(where(n))))
      problems.push(`${where(n)}: is not part of any layer.`)
  const specs = [...new Set(owner.values())]
  // a layer's inner tensors feed only the layer itself
  for (const s of specs)
    for (const c of s.covers) {
      if (c === s.output.node) continue
      for (const user of g.consumers(c))
        if (owner.get(user.index) !== s)
          problems.push(`${where(user)}: reads ${where(g.node(c))}, which is inside a ${s.type} layer.`)
    }
  if (problems.length > 0)
    throw new Error(
      `Cannot map ${problems.length} ONNX node${problems.length > 1 ? 's' : ''} to Triad layers: ${problems.join(' ')}`,
    )
  return specs.sort((a, b) => a.output.node - b.output.node)
}
