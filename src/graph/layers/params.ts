import { z } from 'zod'

/**
 * Parameter specs: one small description per layer parameter, from which the zod schema
 * (validation), the inspector form (UI) and the docs are all derived.
 *
 * Values a parameter can hold in a document.
 */
export type ParamValue = number | boolean | string | number[] | null

interface SpecBase<T extends ParamValue> {
  /** One-line doc shown in the inspector and in code-pane IntelliSense. */
  doc: string
  default: T
  /**
   * Written explicitly in code and set on new nodes (PyTorch's required constructor arguments,
   * such as `out_features`); optional params appear only when they differ from the default.
   */
  required?: boolean
  /**
   * Set automatically from the incoming shape when an edge is connected (like PyTorch's Lazy
   * modules): `in_features`, `in_channels`, `num_features`, ...
   */
  inferredFromInput?: boolean
}
export interface IntSpec extends SpecBase<number> {
  kind: 'int'
  min?: number
  max?: number
}
export interface FloatSpec extends SpecBase<number> {
  kind: 'float'
  min?: number
  max?: number
}
export interface BoolSpec extends SpecBase<boolean> {
  kind: 'bool'
}
export interface ChoiceSpec extends SpecBase<string> {
  kind: 'choice'
  options: readonly string[]
}
/** An int or a fixed-length tuple of ints, as PyTorch's `kernel_size=3` or `kernel_size=(3, 5)`. */
export interface IntOrTupleSpec extends SpecBase<number | number[]> {
  kind: 'intOrTuple'
  length: number
  min?: number
}
/** A list of ints of any length (a shape, a permutation); `null` default allowed for "unset". */
export interface IntListSpec extends SpecBase<number[] | null> {
  kind: 'intList'
  /** Allow -1 entries (Reshape's inferred dim). */
  allowMinusOne?: boolean
}
/** An optional number: `null` means "not set" (PyTorch's `None`). */
export interface OptionalFloatSpec extends SpecBase<number | null> {
  kind: 'optionalFloat'
  min?: number
}
export interface OptionalIntSpec extends SpecBase<number | null> {
  kind: 'optionalInt'
  min?: number
}

export type ParamSpec =
  | IntSpec
  | FloatSpec
  | BoolSpec
  | ChoiceSpec
  | IntOrTupleSpec
  | IntListSpec
  | OptionalFloatSpec
  | OptionalIntSpec

export type ParamSpecs = Readonly<Record<string, ParamSpec>>

/** The TypeScript value type a spec describes. */
export type SpecValue<S extends ParamSpec> = S['default']
/** Resolved params of a layer: every key present with its value. */
export type ParamsOf<P extends ParamSpecs> = { -readonly [K in keyof P]: SpecValue<P[K]> }

export const int = (o: Omit<IntSpec, 'kind'>): IntSpec => ({ kind: 'int', ...o })
export const float = (o: Omit<FloatSpec, 'kind'>): FloatSpec => ({ kind: 'float', ...o })
export const bool = (o: Omit<BoolSpec, 'kind'>): BoolSpec => ({ kind: 'bool', ...o })
export const choice = (o: Omit<ChoiceSpec, 'kind'>): ChoiceSpec => ({ kind: 'choice', ...o })
export const intOrTuple = (o: Omit<IntOrTupleSpec, 'kind'>): IntOrTupleSpec => ({ kind: 'intOrTuple', ...o })
export const intList = (o: Omit<IntListSpec, 'kind'>): IntListSpec => ({ kind: 'intList', ...o })
export const optionalFloat = (o: Omit<OptionalFloatSpec, 'kind'>): OptionalFloatSpec => ({
  kind: 'optionalFloat',
  ...o,
})
export const optionalInt = (o: Omit<OptionalIntSpec, 'kind'>): OptionalIntSpec => ({
  kind: 'optionalInt',
  ...o,
})

function zodFor(spec: ParamSpec): z.ZodType {
  switch (spec.kind) {
    case 'int': {
      let s = z.number().int()
      if (spec.min !== undefined) s = s.min(spec.min)
      if (spec.max !== undefined) s = s.max(spec.max)
      return s
    }
    case 'float': {
      let s = z.number()
      if (spec.min !== undefined) s = s.min(spec.min)
      if (spec.max !== undefined) s = s.max(spec.max)
      return s
    }
    case 'bool':
      return z.boolean()
    case 'choice':
      return z.enum(spec.options as [string, ...string[]])
    case 'intOrTuple': {
      const one = z
        .number()
        .int()
        .min(spec.min ?? Number.MIN_SAFE_INTEGER)
      return z.union([one, z.array(one).length(spec.length)])
    }
    case 'intList': {
      const entry = z
        .number()
        .int()
        .min(spec.allowMinusOne ? -1 : 0)
      return z.array(entry).nullable()
    }
    case 'optionalFloat':
      return z
        .number()
        .min(spec.min ?? Number.NEGATIVE_INFINITY)
        .nullable()
    case 'optionalInt':
      return z
        .number()
        .int()
        .min(spec.min ?? Number.MIN_SAFE_INTEGER)
        .nullable()
  }
}

/**
 * The zod schema of a layer's params: every key optional in input (a missing key takes the
 * PyTorch default), unknown keys rejected so a typo in code or JSON names itself.
 */
export function paramsSchema(specs: ParamSpecs): z.ZodType<Record<string, ParamValue>> {
  const shape: Record<string, z.ZodType> = {}
  for (const [key, spec] of Object.entries(specs)) shape[key] = zodFor(spec).optional()
  return z.strictObject(shape) as unknown as z.ZodType<Record<string, ParamValue>>
}

/** Params with every missing key filled by its default. */
export function withDefaults<P extends ParamSpecs>(
  specs: P,
  params: Record<string, ParamValue>,
): ParamsOf<P> {
  const out: Record<string, ParamValue> = {}
  for (const [key, spec] of Object.entries(specs))
    out[key] = key in params ? (params[key] as ParamValue) : spec.default
  return out as ParamsOf<P>
}

/** `3` -> `[3, 3]`; `[3, 5]` stays. */
export function expandTuple(v: number | number[], length: number): number[] {
  return typeof v === 'number' ? Array.from({ length }, () => v) : v
}
