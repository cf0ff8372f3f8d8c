import type { Shape } from '../shapes/shape'
import { type ParamSpecs, type ParamValue, paramsSchema, withDefaults } from './params'
import { fail, type LayerDef, type PortDtype, type ShapeContext, type ShapeResult } from './types'

/** What one layer makes of its inputs: the shape result and, when shapes check, its stats. */
export interface LayerEvaluation {
  result: ShapeResult
  /** Trainable parameters (PyTorch's count); present only when shapes check. */
  paramCount?: number
  /** Per-sample FLOPs; present only when shapes check. */
  flops?: number
}

/**
 * Runs one catalogue layer on input shapes: validates the raw params against the layer's zod
 * schema (a bad param becomes a node issue, not a throw), fills defaults, infers shapes and,
 * when they check, counts params and FLOPs. The single place that calls a layer's rules in order.
 *
 * @example evaluateLayer(findLayer('dense')!, [['N', 784]], { in_features: 784, out_features: 10 })
 */
export function evaluateLayer(
  layer: LayerDef,
  inputs: readonly Shape[],
  params: Record<string, ParamValue> = {},
  dtypes?: readonly PortDtype[],
): LayerEvaluation {
  const parsed = paramsSchema(layer.params).safeParse(params)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const where = first?.path.length ? `${first.path.join('.')}: ` : ''
    return { result: fail({ message: `Invalid params: ${where}${first?.message ?? 'unknown error'}` }) }
  }
  return runLayerRules(layer, {
    inputs,
    params: withDefaults(layer.params, parsed.data),
    ...(dtypes ? { dtypes } : {}),
  })
}

/**
 * A layer's rules on params already validated and filled: shape rule, then param count and
 * FLOPs when shapes check. A rule that throws becomes an issue naming the layer, so one buggy
 * rule cannot take down shape inference for the whole graph.
 */
export function runLayerRules(layer: LayerDef, ctx: ShapeContext<ParamSpecs>): LayerEvaluation {
  try {
    const result = layer.inferShape(ctx)
    if (!result.ok) return { result }
    return {
      result,
      paramCount: layer.paramCount(ctx),
      flops: layer.flops({ ...ctx, outputs: result.outputs }),
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    return { result: fail({ message: `The ${layer.type} shape rule failed: ${why}` }) }
  }
}
