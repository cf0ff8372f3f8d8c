import type { ParamSpec, ParamSpecs, ParamValue } from '../layers/params'
import { paramsSchema } from '../layers/params'
import { TraceError } from './codeError'
import { formatData, formatString } from './format'
import { closest } from './suggest'

/** A value as an error message names it: `the number 3`, `undefined`, `a function`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined'
  if (v === null) return 'null'
  if (typeof v === 'function') return 'a function'
  if (typeof v === 'number') return `the number ${formatData(v)}`
  if (typeof v === 'string') return `the string ${formatString(v)}`
  if (typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return `an array (${v.length} items)`
  return `an object`
}

function range(spec: { min?: number; max?: number }): string {
  if (spec.min !== undefined && spec.max !== undefined) return ` from ${spec.min} to ${spec.max}`
  if (spec.min !== undefined) return ` ≥ ${spec.min}`
  if (spec.max !== undefined) return ` ≤ ${spec.max}`
  return ''
}

/** What a param accepts, in words: `an integer ≥ 1`, `one of 'zeros', 'reflect'`. */
export function describeSpec(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'int':
      return `an integer${range(spec)}`
    case 'float':
      return `a number${range(spec)}`
    case 'bool':
      return 'true or false'
    case 'choice':
      return `one of ${spec.options.map(formatString).join(', ')}`
    case 'intOrTuple':
      return `an integer${range(spec)} or a list of ${spec.length} such integers`
    case 'intList':
      return `a list of integers${spec.allowMinusOne ? ' (-1 allowed)' : ''}, or null`
    case 'optionalFloat':
      return `a number${range(spec)} or null`
    case 'optionalInt':
      return `an integer${range(spec)} or null`
  }
}

function plainCopy(v: unknown): unknown {
  return Array.isArray(v) ? [...v] : v
}

/**
 * Checks the params object of a code-face call against a layer's specs and returns them as a
 * document stores them: only the keys written, in spec order (`undefined` values dropped).
 * Throws a `TraceError` that names the param and says what it accepts.
 *
 * @param subject how the call is named in messages, e.g. `L.dense`
 */
export function checkParams(subject: string, specs: ParamSpecs, given: object): Record<string, ParamValue> {
  const entries = Object.entries(given).filter(([, v]) => v !== undefined)
  const names = Object.keys(specs)
  for (const [key] of entries) {
    if (key in specs && Object.hasOwn(specs, key)) continue
    if (names.length === 0) throw new TraceError(`Unknown param ${key}: ${subject} takes no params.`)
    const hint = closest(key, names)
    throw new TraceError(
      hint
        ? `Unknown param ${key}: did you mean ${hint}? (${subject} takes ${names.join(', ')})`
        : `Unknown param ${key}: ${subject} takes ${names.join(', ')}.`,
    )
  }
  const copy = Object.fromEntries(entries.map(([k, v]) => [k, plainCopy(v)]))
  const result = paramsSchema(specs).safeParse(copy)
  if (!result.success) {
    const issue = result.error.issues[0]
    const key = String(issue?.path[0] ?? '')
    const spec = specs[key]
    if (spec)
      throw new TraceError(
        `Invalid ${key} for ${subject}: expected ${describeSpec(spec)}, got ${describeValue(copy[key])}.`,
      )
    throw new TraceError(`Invalid params for ${subject}: ${issue?.message ?? 'unknown problem'}.`)
  }
  const out: Record<string, ParamValue> = {}
  for (const key of names) if (key in copy) out[key] = copy[key] as ParamValue
  return out
}
