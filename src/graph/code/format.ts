import type { ParamValue } from '../layers/params'

/**
 * How values are written in the code face: single quotes, numbers printed shortest, arrays and
 * objects on one line. Shared by `emitCode` and `dslTypes` so the two never disagree.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** True for a name that can be written bare as an object key or a binding. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name)
}

/** A string literal in single quotes. */
export function formatString(s: string): string {
  const body = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")
  return `'${body}'`
}

/** The shortest text that reads back as the same number (`-0` included). */
export function formatNumber(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n)
}

/** An object key: bare when it is an identifier, else quoted. */
export function formatKey(key: string): string {
  return isIdentifier(key) ? key : formatString(key)
}

/** A param value as a JavaScript expression. */
export function formatValue(v: ParamValue | undefined): string {
  if (v === null) return 'null'
  if (v === undefined) return 'undefined'
  if (typeof v === 'number') return formatNumber(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'string') return formatString(v)
  return `[${v.map(formatNumber).join(', ')}]`
}

/**
 * `{ a: 1, b: 'x' }` from entries already in the order to write; `{}` when empty. With
 * `shorthand`, an entry whose value is the key itself is written `{ logits }`.
 */
export function formatObject(entries: readonly (readonly [string, string])[], shorthand = false): string {
  if (entries.length === 0) return '{}'
  const parts = entries.map(([k, v]) =>
    shorthand && k === v && isIdentifier(k) ? k : `${formatKey(k)}: ${v}`,
  )
  return `{ ${parts.join(', ')} }`
}

/** Any JSON-like value (training setups hold string lists and tuples) as a JavaScript expression. */
export function formatData(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(formatData).join(', ')}]`
  if (v !== null && typeof v === 'object')
    return formatObject(Object.entries(v).map(([k, x]) => [k, formatData(x)] as const))
  return formatValue(v as ParamValue | undefined)
}
