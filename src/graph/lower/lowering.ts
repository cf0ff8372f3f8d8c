import type { GraphBuilder, Value } from '../../engine'
import type { ParamSpecs, ParamsOf } from '../layers/params'
import type { LayerDef } from '../layers/types'
import type { NodeContext } from './lowerContext'

/** What a layer's lowering receives for one node. */
export interface LowerCall<P extends ParamSpecs> {
  readonly g: GraphBuilder
  /** Parameters, buffers, noise and dropout, named under the node's module path. */
  readonly ctx: NodeContext
  /** The node's params with PyTorch's defaults filled in. */
  readonly params: ParamsOf<P>
  /**
   * The connected inputs in port order, a variadic port's in index order (as shape rules see
   * them); `ports` names each one's port.
   */
  readonly inputs: readonly Value[]
  readonly ports: readonly string[]
  /** The batch size the graph is compiled for. */
  readonly batch: number
}

/**
 * How one catalogue layer becomes primitive IR: a function from its inputs to its outputs (one
 * value per output port), with PyTorch's semantics. Lowerings live beside each other by category
 * in `lower/layers/` and are listed in `lower/registry.ts`.
 */
export interface Lowering {
  readonly type: string
  lower(call: LowerCall<ParamSpecs>): Value[]
}

/**
 * A lowering for `layer`, its params typed from the layer's own spec.
 *
 * @example
 * export const lowerRelu = defineLowering(relu, ({ g, inputs: [x] }) => g.relu(x!))
 */
export function defineLowering<P extends ParamSpecs>(
  layer: LayerDef<P>,
  fn: (call: LowerCall<P>) => Value | Value[],
): Lowering {
  return {
    type: layer.type,
    lower(call) {
      const out = fn(call as unknown as LowerCall<P>)
      return Array.isArray(out) ? out : [out]
    },
  }
}

/** The value of a required input; throws naming the port when lowering meets a gap. */
export function need(inputs: readonly Value[], i: number, what: string): Value {
  const v = inputs[i]
  if (!v) throw new Error(`input ${what} is not connected.`)
  return v
}
