import type { ParamSpecs, ParamsOf } from '../layers/params'
import type { PortDtype } from '../layers/types'
import type { Dim, Shape } from '../shapes/shape'

/**
 * The contract between the layer catalogue and the ONNX exporter: what a layer's `onnx` mapping
 * receives for one node and the builder it emits ONNX nodes through. Types and small pure helpers
 * only, so layer files can import it without pulling in the exporter (or onnx-proto).
 */

/** A float attribute; plain numbers are int attributes (ONNX tells the two apart). */
export interface OnnxFloat {
  readonly float: number
}

/** An ONNX attribute value: int, ints, float (`onnxFloat`), floats, or string. */
export type OnnxAttr =
  | number
  | readonly number[]
  | OnnxFloat
  | { readonly floats: readonly number[] }
  | string

/** Attributes of one ONNX node, by ONNX attribute name. */
export type OnnxAttrs = Readonly<Record<string, OnnxAttr>>

/** Marks a number as a float attribute (`epsilon`, `alpha`). */
export const onnxFloat = (value: number): OnnxFloat => ({ float: value })

/** A tensor flowing into or out of a node: its ONNX name, its symbolic shape and element type. */
export interface OnnxValue {
  readonly name: string
  /** The shape inference's shape: numbers, `N` (batch) or an expression of it. */
  readonly shape: Shape
  readonly dtype: PortDtype
}

/**
 * How a layer's mapping emits ONNX for one node. Names the mapping hands out are unique within
 * the model; nodes are named under the node's module path (`res1.conv1/Conv`).
 */
export interface OnnxBuilder {
  /** The node's module path: its id, prefixed by the block instances around it (`res1.conv1`). */
  readonly path: string
  /**
   * Adds an ONNX node of the default domain and returns its outputs' names (`count` of them).
   * An empty string in `inputs` skips an optional input, as ONNX spells it.
   */
  nodes(op: string, inputs: readonly string[], count: number, attrs?: OnnxAttrs): string[]
  /** `nodes` for the common single-output case. */
  node(op: string, inputs: readonly string[], attrs?: OnnxAttrs): string
  /**
   * The initializer of this node's trainable parameter `name` (`weight`, `out_proj.bias`),
   * named with its PyTorch state_dict key (`hidden1.weight`) and of `shape`.
   */
  param(name: string, shape: readonly number[]): string
  /** The initializer of this node's buffer `name` (`running_mean`). */
  buffer(name: string, shape: readonly number[]): string
  /** A float32 constant (a Constant node). */
  floats(values: ArrayLike<number>, dims: readonly number[]): string
  /** An int64 constant (a Constant node): shapes, axes, indices. */
  ints(values: readonly number[], dims?: readonly number[]): string
}

/** What a layer's `onnx.emit` receives for one node. */
export interface OnnxCall<P extends ParamSpecs> {
  readonly b: OnnxBuilder
  /** The node's params with PyTorch's defaults filled in. */
  readonly params: ParamsOf<P>
  /** The connected inputs in port order, a variadic port's in index order (as shape rules see them). */
  readonly inputs: readonly OnnxValue[]
  /** The port of each input. */
  readonly ports: readonly string[]
  /** The shapes the layer's shape rule gives its outputs. */
  readonly outputs: readonly Shape[]
}

/**
 * A layer's ONNX form (opset 17, eval mode): the ONNX nodes that compute exactly what the
 * layer's eval-mode lowering computes. `refuse` says why a node with these params and input
 * shapes has no ONNX form (checked before exporting, for the export dialog).
 */
export interface OnnxMapping<P extends ParamSpecs> {
  refuse?(params: ParamsOf<P>, inputs: readonly Shape[]): string | undefined
  /** Emits the node; returns one tensor name per output port. */
  emit(call: OnnxCall<P>): string | string[]
}

/** The input at `i`, or a thrown error naming the port (lowering refused the document otherwise). */
export function onnxInput(inputs: readonly OnnxValue[], i: number, port: string): OnnxValue {
  const v = inputs[i]
  if (!v) throw new Error(`input ${port} is not connected.`)
  return v
}

/**
 * Reshape's target for `shape`: its numbers, with the one symbolic dim (the batch, or an
 * expression of it) as -1. Throws when two dims are symbolic (Reshape could not tell them apart).
 */
export function reshapeTarget(shape: readonly Dim[]): number[] {
  const symbolic = shape.filter((d) => typeof d !== 'number')
  if (symbolic.length > 1)
    throw new Error(`cannot reshape to ${JSON.stringify(shape)}: more than one dim is symbolic.`)
  return shape.map((d) => (typeof d === 'number' ? d : -1))
}

/** `dim` in [-rank, rank) as a non-negative axis. */
export function axisOf(dim: number, rank: number): number {
  return dim < 0 ? dim + rank : dim
}

/** x @ wᵀ (+ b) over the last dim of x, w an [out, in] weight: Gemm for 2-D x, MatMul (+ Add) above. */
export function linearOnnx(b: OnnxBuilder, x: OnnxValue, w: string, bias?: string): string {
  if (x.shape.length === 2) return b.node('Gemm', bias ? [x.name, w, bias] : [x.name, w], { transB: 1 })
  const y = b.node('MatMul', [x.name, b.node('Transpose', [w], { perm: [1, 0] })])
  return bias ? b.node('Add', [y, bias]) : y
}
