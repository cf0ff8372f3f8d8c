import fc from 'fast-check'

/**
 * Test support for the bad-input fuzz tests: arbitraries that damage a valid file (truncation,
 * bit flips) and a probe that runs a reader on one input and reports how it ended, how long it
 * took and how much ArrayBuffer memory it left allocated.
 */

/** The longest one reader call may take on a damaged input (the acceptance bound). */
export const CASE_TIME_LIMIT_MS = 1000
/** The most ArrayBuffer memory one call may leave behind: far below any "huge allocation". */
export const CASE_MEMORY_LIMIT_BYTES = 256 * 2 ** 20

/** Lengths to cut `base` to: every length from 0 to one byte short (a failing case shows the length). */
export function cutLength(base: Uint8Array): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: base.length - 1 })
}

/** 1 to `max` distinct bit positions of `base` to flip (a failing case shows the positions). */
export function bitPositions(base: Uint8Array, max = 8): fc.Arbitrary<number[]> {
  return fc.uniqueArray(fc.integer({ min: 0, max: base.length * 8 - 1 }), { minLength: 1, maxLength: max })
}

/** `base` with the bits at `bits` flipped (bit b is bit b % 8 of byte b / 8). */
export function flipBits(base: Uint8Array, bits: readonly number[]): Uint8Array {
  const bytes = base.slice()
  for (const b of bits) bytes[b >> 3]! ^= 1 << (b & 7)
  return bytes
}

/** Dimensions no real tensor has: past int32, past memory, past float precision, negative. */
export const HUGE_DIMS = [2 ** 31, 2 ** 32 + 1, 2 ** 40, 2 ** 53 - 1, -1, -(2 ** 40)] as const

/** How one reader call ended. */
export interface Probe<T> {
  readonly value?: T
  readonly error?: unknown
  readonly ms: number
  readonly arrayBufferGrowth: number
}

/** Runs `read` once, catching what it throws, timing it and measuring ArrayBuffer growth. */
export async function probe<T>(read: () => T | Promise<T>): Promise<Probe<T>> {
  const before = process.memoryUsage().arrayBuffers
  const started = performance.now()
  let value: T | undefined
  let error: unknown
  try {
    value = await read()
  } catch (e) {
    error = e
  }
  const ms = performance.now() - started
  const arrayBufferGrowth = process.memoryUsage().arrayBuffers - before
  return { ...(error === undefined ? { value: value as T } : { error }), ms, arrayBufferGrowth }
}

/**
 * What every damaged input must give: within the time and memory bounds, and when it fails, an
 * `Error` of one of the expected kinds with a non-empty message, never a bare TypeError or
 * RangeError from deep inside a parser. With `checkMessage` (default), the message must also be
 * one clean line (no control characters echoed from the file) showing no unchecked value (NaN).
 */
export function describeOutcome<T>(
  p: Probe<T>,
  expected: readonly (new (...a: never[]) => Error)[],
  options: { readonly checkMessage?: boolean } = {},
): string[] {
  const problems: string[] = []
  if (p.ms > CASE_TIME_LIMIT_MS) problems.push(`took ${p.ms.toFixed(0)} ms`)
  if (p.arrayBufferGrowth > CASE_MEMORY_LIMIT_BYTES)
    problems.push(`left ${(p.arrayBufferGrowth / 2 ** 20).toFixed(0)} MiB of ArrayBuffers`)
  if ('error' in p) {
    const e = p.error
    if (!(e instanceof Error)) problems.push(`threw a non-Error: ${String(e)}`)
    else {
      if (e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError)
        problems.push(`threw a bare ${e.name} from inside the reader: ${e.message}`)
      else if (!expected.some((k) => e instanceof k))
        problems.push(`threw ${e.name} (expected ${expected.map((k) => k.name).join(' or ')}): ${e.message}`)
      if (e.message.trim() === '') problems.push('the message is empty')
      if (options.checkMessage !== false) {
        // a damaged name echoed raw (newlines, control bytes) breaks the one-line rule
        if (hasControlCharacter(e.message))
          problems.push(`message is not one clean line: ${JSON.stringify(e.message.slice(0, 200))}`)
        if (/\bNaN\b|\[object /.test(e.message))
          problems.push(`message shows an unchecked value: ${e.message}`)
      }
    }
  }
  return problems
}

/** True when `text` holds a C0 control character or DEL (a raw newline, a byte of a damaged name). */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return true
  }
  return false
}
