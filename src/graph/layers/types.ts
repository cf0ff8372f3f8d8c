import type { OnnxMapping } from '../onnx/mapping'
import type { Shape } from '../shapes/shape'
import type { ParamSpecs, ParamsOf, ParamValue } from './params'

/** Where a layer sits in the palette. */
export type LayerCategory =
  | 'io'
  | 'core'
  | 'convolution'
  | 'pooling'
  | 'normalization'
  | 'shape'
  | 'merge'
  | 'embedding'
  | 'recurrent'
  | 'attention'
  | 'activation'
  | 'loss'

/** Element type a port carries: 'float' (default) or 'int' (token ids, class labels). */
export type PortDtype = 'float' | 'int'

export interface PortDef {
  name: string
  doc?: string
  /** A port that may stay unconnected (MultiHeadAttention's key/value default to the query). */
  optional?: boolean
  /**
   * The last input port may be variadic: it expands into `name0, name1, ...`, each taking one
   * edge, for layers of any arity (Concat, Add, Multiply). `minCount` inputs are required.
   */
  variadic?: { minCount: number }
  /** Element type carried: 'float' (default) or 'int' (token ids, class labels). */
  dtype?: PortDtype
}

/** A one-click repair offered with a shape error. */
export type ShapeFix =
  | { kind: 'setParam'; param: string; value: ParamValue; label: string }
  | { kind: 'insertLayer'; layer: string; params?: Record<string, ParamValue>; label: string }

/** Why a node's shapes do not check: names the port, what was expected and what came. */
export interface ShapeIssue {
  /** Input port name (a variadic port's expanded name, e.g. `in1`), or undefined for the node itself. */
  port?: string
  message: string
  expected?: string
  actual?: string
  fix?: ShapeFix
}

/**
 * `dtypes`, when present, gives each output's element type where it depends on params or inputs
 * (Input with `dtype: 'int64'`, Flatten of token ids); absent means the output ports' declared dtype.
 */
export type ShapeResult =
  | { ok: true; outputs: Shape[]; dtypes?: PortDtype[] }
  | { ok: false; issue: ShapeIssue }

/** What a shape rule sees: one shape per connected input, in port order (variadic expanded). */
export interface ShapeContext<P extends ParamSpecs> {
  inputs: readonly Shape[]
  params: ParamsOf<P>
  /**
   * Element type of each input, parallel to `inputs`, when the caller knows it (the dtype an
   * upstream rule reported, else its port's). Absent: unknown, and rules skip dtype checks.
   */
  dtypes?: readonly PortDtype[]
}

/**
 * One entry of the layer catalogue. Adding a layer means adding one file that exports one of
 * these and listing it in `layers/index.ts`.
 */
export interface LayerDef<P extends ParamSpecs = ParamSpecs> {
  /** Document type id and DSL method name: `L.<type>(...)`. camelCase. */
  type: string
  /** Palette label, e.g. 'Dense (Linear)'. */
  label: string
  category: LayerCategory
  /** One-line description shown in the palette and in IntelliSense. */
  doc: string
  /** The PyTorch counterpart, e.g. 'torch.nn.Linear'. */
  torch: string
  params: P
  inputs: readonly PortDef[]
  outputs: readonly PortDef[]
  inferShape(ctx: ShapeContext<P>): ShapeResult
  /** Trainable parameter count (equals PyTorch's `sum(p.numel())`). Called only when shapes check. */
  paramCount(ctx: ShapeContext<P>): number
  /** Multiply-adds counted as 2 FLOPs, per sample (batch dim excluded). Called only when shapes check. */
  flops(ctx: ShapeContext<P> & { outputs: readonly Shape[] }): number
  /**
   * The layer's ONNX form (opset 17, eval mode), computing what its eval-mode lowering computes.
   * Absent: the layer cannot be exported to ONNX (losses: the export holds the inference graph).
   */
  onnx?: OnnxMapping<NoInfer<P>>
}

/** Helper so each layer file gets its params typed from its own spec. */
export function defineLayer<P extends ParamSpecs>(def: LayerDef<P>): LayerDef<P> {
  return def
}

export const ok = (...outputs: Shape[]): ShapeResult => ({ ok: true, outputs })
/** An ok result whose single output carries `dtype` (see `ShapeResult.dtypes`). */
export const okTyped = (dtype: PortDtype, output: Shape): ShapeResult => ({
  ok: true,
  outputs: [output],
  dtypes: [dtype],
})
export const fail = (issue: ShapeIssue): ShapeResult => ({ ok: false, issue })
