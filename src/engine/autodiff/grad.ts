import type { GraphBuilder } from '../ir/builder'
import { formatShape, numel, sameShape } from '../ir/shape'
import type { Value } from '../ir/value'
import { opDef } from '../ops/index'

/** Options of `grad`. */
export interface GradOptions {
  /**
   * Gradient of the final objective with respect to `loss` (its shape). Default: 1, which needs a
   * loss of one element, as PyTorch's `backward()` does.
   */
  seed?: Value
}

/** Ids of the values that `loss` depends on, itself included. */
function ancestors(g: GraphBuilder, loss: Value): Set<number> {
  const seen = new Set<number>()
  const stack = [loss.id]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (seen.has(id)) continue
    seen.add(id)
    stack.push(...g.nodes[id]!.inputs)
  }
  return seen
}

/** Ids of the values that depend on one of `roots` (roots included), up to `last`. */
function descendants(g: GraphBuilder, roots: readonly Value[], last: number): Set<number> {
  const seen = new Set(roots.map((v) => v.id))
  for (let id = 0; id <= last; id++) if (g.nodes[id]!.inputs.some((i) => seen.has(i))) seen.add(id)
  return seen
}

/**
 * Reverse-mode autodiff: appends to `g` the values of d(loss)/d(w) for each `w` of `wrt`, and
 * returns them (same shapes as `wrt`). Each primitive's VJP emits more primitives, so gradients
 * are graphs that can be differentiated again. Fan-out sums; a gradient in a broadcast shape is
 * summed back to its input's shape; `detach`, masks and integer values stop gradients.
 * A `w` the loss does not depend on gets zeros (not PyTorch's None), so compiled steps stay uniform.
 *
 * @example
 * const [dw, db] = grad(g, loss, [w, b])
 */
export function grad(
  g: GraphBuilder,
  loss: Value,
  wrt: readonly Value[],
  options: GradOptions = {},
): Value[] {
  for (const v of [loss, ...wrt])
    if (g.nodes[v.id] !== v) throw new Error('grad: a value belongs to another graph.')
  if (loss.dtype !== 'f32') throw new Error(`grad: the loss must be f32, not ${loss.dtype}.`)
  for (const w of wrt)
    if (w.dtype !== 'f32')
      throw new Error(`grad: cannot differentiate with respect to an ${w.dtype} value (#${w.id}).`)
  const seed = options.seed ?? defaultSeed(g, loss)
  if (!sameShape(seed.shape, loss.shape))
    throw new Error(
      `grad: seed ${formatShape(seed.shape)} must have the loss's shape ${formatShape(loss.shape)}.`,
    )

  // only values on a path from some w to the loss need a gradient
  const up = ancestors(g, loss)
  const down = descendants(g, wrt, loss.id)
  const onPath = (id: number) => up.has(id) && down.has(id) && g.nodes[id]!.dtype === 'f32'

  const grads = new Map<number, Value>([[loss.id, seed]])
  for (let id = loss.id; id >= 0; id--) {
    const node = g.nodes[id]!
    const dy = grads.get(id)
    if (!dy || !onPath(id) || node.inputs.length === 0) continue
    const def = opDef(node.op)
    // no gradient flows through this op, or nothing flows out of an empty tensor
    if (!def.vjp || numel(node.shape) === 0) continue
    const inputs = node.inputs.map((i) => g.nodes[i]!)
    if (!inputs.some((x) => onPath(x.id))) continue
    const parts = def.vjp(g, { inputs, output: node, gradOutput: dy, attrs: node.attrs })
    inputs.forEach((x, i) => {
      const part = parts[i]
      if (!part || !onPath(x.id) || numel(x.shape) === 0) return
      const fitted = g.sumToShape(part, x.shape)
      const prev = grads.get(x.id)
      grads.set(x.id, prev ? g.add(prev, fitted) : fitted)
    })
  }
  return wrt.map((w) => grads.get(w.id) ?? g.full(w.shape, 0))
}

function defaultSeed(g: GraphBuilder, loss: Value): Value {
  if (numel(loss.shape) !== 1)
    throw new Error(
      `grad: the loss ${formatShape(loss.shape)} is not a single number; reduce it (sum, mean) or pass a seed.`,
    )
  return g.full(loss.shape, 1)
}
