import { type ParseArgsOptionsConfig, parseArgs } from 'node:util'
import { UsageError } from './errors'

/**
 * Command-line parsing on `node:util`'s `parseArgs` (strict: an unknown flag is an error), with
 * typed readers for numeric flags that name the flag and the accepted range when a value is off.
 */

/** Flags of one command, as `parseArgs` takes them. */
export type FlagSpec = ParseArgsOptionsConfig

/** Parsed flags: strings and booleans by long name, plus positionals. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>
  readonly positionals: readonly string[]
}

/** Parses `argv` against `spec`; an unknown flag or a missing value is a `UsageError` naming it. */
export function parseFlags(command: string, argv: readonly string[], spec: FlagSpec): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: spec,
      strict: true,
      allowPositionals: true,
    })
    return { values: values as Record<string, string | boolean | undefined>, positionals }
  } catch (e) {
    const code = (e as { code?: string }).code
    const message = e instanceof Error ? e.message : String(e)
    const flag = /'(-[^' ]*)/.exec(message)?.[1]
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new UsageError(
        `unknown option '${flag ?? message}' for triad ${command} (see triad ${command} --help)`,
      )
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(`option '${flag ?? '?'}' needs a value (see triad ${command} --help)`)
    throw new UsageError(`${message} (see triad ${command} --help)`)
  }
}

/** A string flag's value, or undefined. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name]
  return typeof v === 'string' ? v : undefined
}

/** A boolean flag: true when given. */
export function boolFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true
}

/** One of `choices`, or undefined when the flag is absent. */
export function choiceFlag<T extends string>(
  args: ParsedArgs,
  name: string,
  choices: readonly T[],
): T | undefined {
  const v = stringFlag(args, name)
  if (v === undefined) return undefined
  if (!(choices as readonly string[]).includes(v))
    throw new UsageError(`--${name} '${v}' is not one of ${choices.join(', ')}`)
  return v as T
}

/** Bounds of a numeric flag. */
export interface NumberRange {
  readonly integer?: boolean
  readonly min?: number
  /** When true, `min` itself is refused (a learning rate must be above 0). */
  readonly exclusiveMin?: boolean
  readonly max?: number
}

/** A numeric flag within `range`, or undefined when absent. */
export function numberFlag(args: ParsedArgs, name: string, range: NumberRange = {}): number | undefined {
  const raw = stringFlag(args, name)
  if (raw === undefined) return undefined
  const v = raw.trim() === '' ? Number.NaN : Number(raw)
  const { integer = false, min, exclusiveMin = false, max } = range
  const what = integer ? 'an integer' : 'a number'
  const low = min === undefined ? '' : exclusiveMin ? ` > ${min}` : ` >= ${min}`
  const high = max === undefined ? '' : `${low ? ' and' : ''} <= ${max}`
  const bad =
    !Number.isFinite(v) ||
    (integer && !Number.isInteger(v)) ||
    (min !== undefined && (exclusiveMin ? v <= min : v < min)) ||
    (max !== undefined && v > max)
  if (bad) throw new UsageError(`--${name} '${raw}' must be ${what}${low}${high}`)
  return v
}

/** The single positional a command takes (its model); a missing or extra one is a `UsageError`. */
export function onePositional(command: string, args: ParsedArgs, what: string): string {
  const [first, ...rest] = args.positionals
  if (first === undefined)
    throw new UsageError(`triad ${command} needs a ${what} (see triad ${command} --help)`)
  if (rest.length > 0)
    throw new UsageError(
      `triad ${command} takes one ${what}, got also '${rest.join(' ')}' (see triad ${command} --help)`,
    )
  return first
}
