import { formatShape, type Shape } from '../../shapes/shape'
import { fail, type ShapeFix, type ShapeResult } from '../types'

/** The issue every rule reports for an unconnected required input. */
export function notConnected(port: string): ShapeResult {
  return fail({ port, message: `Input ${port} is not connected.` })
}

/**
 * A wrong-rank input: names the layer, the expected layout (`[N, C, H, W]`) and what came,
 * with a repair when there is one.
 */
export function wrongRank(
  port: string,
  label: string,
  expected: string,
  x: Shape,
  fix?: ShapeFix,
): ShapeResult {
  return fail({
    port,
    message: `${label} expects ${expected} but got ${formatShape(x)} (${x.length}-D).`,
    expected,
    actual: formatShape(x),
    ...(fix ? { fix } : {}),
  })
}

/**
 * An inferred param (`in_features`, `in_channels`, ...) that disagrees with the incoming size:
 * the fix sets it to what came.
 */
export function paramMismatch(
  port: string,
  param: string,
  value: number,
  actual: number,
  x: Shape,
  expected: string,
): ShapeResult {
  return fail({
    port,
    message: `${param} is ${value} but the input has ${actual} (input ${formatShape(x)}).`,
    expected,
    actual: formatShape(x),
    fix: { kind: 'setParam', param, value: actual, label: `set ${param} to ${actual}` },
  })
}
