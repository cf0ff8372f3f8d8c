import { DataError } from '../engine/io/dataError'
import { BundleError } from '../graph/bundle/errors'

/** Exit codes: 0 success, 1 a failed run or an internal error, 2 bad input (usage, files, data). */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const

/**
 * Bad input the CLI itself detects (an unknown flag, a model file that is not there, a flag value
 * out of range): one line that names the cause and the fix; exit code 2.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** A run that started but could not finish (the loss became NaN): exit code 1. */
export class RunError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RunError'
  }
}

/** The exit code and the one-line message for an error thrown by a command. */
export function describeError(e: unknown): { code: number; message: string } {
  // a damaged bundle given as a model is bad input; `triad verify` reports it as a failed check
  if (e instanceof UsageError || e instanceof DataError || e instanceof BundleError)
    return { code: EXIT.badInput, message: oneLine(e.message) }
  if (e instanceof RunError) return { code: EXIT.failed, message: oneLine(e.message) }
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e)
  return { code: EXIT.failed, message: `internal error (please report it): ${message}` }
}

/** Collapses a message to one line, so every bad-input error is exactly one line on stderr. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, '; ').trim()
}
