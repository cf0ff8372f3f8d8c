import type { Shape } from '../shapes/shape'
import { evaluateLayer, type LayerEvaluation } from './evaluate'
import { findLayer } from './index'
import type { ParamValue } from './params'
import type { PortDtype, ShapeIssue } from './types'

/**
 * Test support for the catalogue's unit tests: run a layer by type and pull out its output
 * shape or its issue, failing loudly when the other one came.
 */

/** Evaluates catalogue layer `type` on `inputs` (throws on an unknown type). */
export function runLayer(
  type: string,
  inputs: readonly Shape[],
  params: Record<string, ParamValue> = {},
  dtypes?: readonly PortDtype[],
): LayerEvaluation {
  const layer = findLayer(type)
  if (!layer) throw new Error(`unknown layer type ${type}`)
  return evaluateLayer(layer, inputs, params, dtypes)
}

/** The single output shape of a layer that checks; throws with the issue otherwise. */
export function shapeOf(ev: LayerEvaluation): Shape {
  if (!ev.result.ok) throw new Error(`expected a shape, got: ${ev.result.issue.message}`)
  return ev.result.outputs[0] as Shape
}

/** The issue of a layer that does not check; throws when it checks. */
export function issueOf(ev: LayerEvaluation): ShapeIssue {
  if (ev.result.ok) throw new Error(`expected an issue, got ${JSON.stringify(ev.result.outputs)}`)
  return ev.result.issue
}
