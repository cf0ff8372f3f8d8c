import type { ParamSpec, ParamValue } from '../../graph/layers/params'

/** A parsed form value, or the reason it was refused (shown inline, never applied). */
export type ParsedParam = { ok: true; value: ParamValue } | { ok: false; error: string }

const refuse = (error: string): ParsedParam => ({ ok: false, error })

/** Ints from "3", "3, 5", "(3, 5)" or "[1, 28, 28]"; null when a part is not an integer. */
function parseInts(text: string): number[] | null {
  const inner = text.trim().replace(/^[[(]\s*|\s*[\])]$/g, '')
  if (inner === '') return []
  const parts = inner.split(/\s*[,\s]\s*/).filter((p) => p !== '')
  const out: number[] = []
  for (const p of parts) {
    if (!/^[-+]?\d+$/.test(p)) return null
    out.push(Number(p))
  }
  return out
}

function parseNumber(text: string): number | null {
  const t = text.trim()
  if (t === '') return null
  const n = Number(t)
  return Number.isFinite(n) ? n : null
}

function checkRange(n: number, min: number | undefined, max: number | undefined): string | null {
  if (min !== undefined && n < min) return `must be at least ${min}`
  if (max !== undefined && n > max) return `must be at most ${max}`
  return null
}

/**
 * Parses what the user typed into a param field, by the param's spec: whole numbers for ints,
 * "3" or "3, 5" for an int-or-tuple, "1, 28, 28" for a list, empty or "None" for an optional.
 */
export function parseParamText(spec: ParamSpec, text: string): ParsedParam {
  const t = text.trim()
  switch (spec.kind) {
    case 'int':
    case 'float': {
      const n = parseNumber(t)
      if (n === null) return refuse(spec.kind === 'int' ? 'Enter a whole number.' : 'Enter a number.')
      if (spec.kind === 'int' && !Number.isInteger(n)) return refuse('Enter a whole number.')
      const range = checkRange(n, spec.min, spec.max)
      return range ? refuse(`Value ${range}.`) : { ok: true, value: n }
    }
    case 'bool':
      if (t === 'true' || t === 'false') return { ok: true, value: t === 'true' }
      return refuse('Enter true or false.')
    case 'choice':
      return spec.options.includes(t)
        ? { ok: true, value: t }
        : refuse(`Pick one of ${spec.options.join(', ')}.`)
    case 'intOrTuple': {
      const ints = parseInts(t)
      if (!ints || ints.length === 0)
        return refuse(`Enter a whole number or ${spec.length} numbers, e.g. 3 or 3, 5.`)
      if (ints.length !== 1 && ints.length !== spec.length)
        return refuse(`Enter one number or ${spec.length} numbers, not ${ints.length}.`)
      const low = ints.find((n) => spec.min !== undefined && n < spec.min)
      if (low !== undefined) return refuse(`Each value must be at least ${spec.min}.`)
      return { ok: true, value: ints.length === 1 ? (ints[0] as number) : ints }
    }
    case 'intList': {
      if (t === '' || t.toLowerCase() === 'none') {
        return spec.default === null
          ? { ok: true, value: null }
          : refuse('Enter numbers separated by commas.')
      }
      const ints = parseInts(t)
      if (!ints || ints.length === 0)
        return refuse('Enter whole numbers separated by commas, e.g. 1, 28, 28.')
      const min = spec.allowMinusOne ? -1 : 0
      if (ints.some((n) => n < min))
        return refuse(spec.allowMinusOne ? 'Values must be -1 or more.' : 'Values cannot be negative.')
      return { ok: true, value: ints }
    }
    case 'optionalFloat':
    case 'optionalInt': {
      if (t === '' || t.toLowerCase() === 'none') return { ok: true, value: null }
      const n = parseNumber(t)
      if (n === null || (spec.kind === 'optionalInt' && !Number.isInteger(n)))
        return refuse(
          spec.kind === 'optionalInt'
            ? 'Enter a whole number, or leave empty for None.'
            : 'Enter a number, or leave empty for None.',
        )
      const range = checkRange(n, spec.min, undefined)
      return range ? refuse(`Value ${range}.`) : { ok: true, value: n }
    }
  }
}

/** How a param value is written into a text field: `3, 5` for tuples, empty for None. */
export function paramText(value: ParamValue | undefined): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.join(', ')
  return String(value)
}
