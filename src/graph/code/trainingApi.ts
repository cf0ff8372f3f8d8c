import {
  OPTIMIZERS,
  type OptimizerSetup,
  optimizerSchema,
  type TrainingSetup,
  trainingSchema,
} from '../document/schema'
import { describeValue } from './checkParams'
import { TraceError } from './codeError'
import { closest } from './suggest'

/**
 * `fit({...})` and the optimizer factories of the code face (`adam({ lr: 1e-3 })`). They only
 * check and return data: the declarative training setup stored in the document.
 */

/** The options each optimizer takes, as PyTorch names them. */
export const OPTIMIZER_OPTIONS: Readonly<Record<OptimizerSetup['type'], readonly string[]>> = {
  sgd: ['lr', 'momentum', 'weight_decay', 'nesterov'],
  adam: ['lr', 'betas', 'eps', 'weight_decay'],
  adamw: ['lr', 'betas', 'eps', 'weight_decay'],
  rmsprop: ['lr', 'momentum', 'weight_decay', 'eps'],
}

function checkKeys(subject: string, given: object, allowed: readonly string[]): void {
  for (const key of Object.keys(given)) {
    if (allowed.includes(key)) continue
    const hint = closest(key, allowed)
    throw new TraceError(
      `Unknown option ${key}${hint ? `: did you mean ${hint}?` : ''} (${subject} takes ${allowed.join(', ')})`,
    )
  }
}

function firstIssue(
  subject: string,
  issues: readonly { path: PropertyKey[]; message: string }[],
): TraceError {
  const issue = issues[0]
  const path = issue?.path.map(String).join('.') ?? ''
  return new TraceError(
    `Invalid ${path || 'options'} for ${subject}: ${issue?.message ?? 'unknown problem'}.`,
  )
}

function asOptions(subject: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TraceError(`${subject} takes an options object, got ${describeValue(value)}.`)
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined))
}

/** True for a valid training setup (what `fit` returns). */
export function isTrainingSetup(value: unknown): value is TrainingSetup {
  return trainingSchema.safeParse(value).success
}

/** The training half of the `triad` module: `fit` and one factory per optimizer. */
export function createTrainingApi(): Record<'fit' | OptimizerSetup['type'], (options: unknown) => unknown> {
  const optimizer =
    (type: OptimizerSetup['type']) =>
    (options: unknown): OptimizerSetup => {
      const opts = asOptions(`${type}(...)`, options)
      checkKeys(`${type}(...)`, opts, OPTIMIZER_OPTIONS[type])
      const parsed = optimizerSchema.safeParse({ type, ...opts })
      if (!parsed.success) throw firstIssue(`${type}(...)`, parsed.error.issues)
      return parsed.data
    }
  const fit = (options: unknown): TrainingSetup => {
    const opts = asOptions('fit(...)', options)
    checkKeys('fit(...)', opts, Object.keys(trainingSchema.shape))
    const parsed = trainingSchema.safeParse(opts)
    if (!parsed.success) throw firstIssue('fit(...)', parsed.error.issues)
    return parsed.data
  }
  const api = { fit } as Record<'fit' | OptimizerSetup['type'], (options: unknown) => unknown>
  for (const type of OPTIMIZERS) api[type] = optimizer(type)
  return api
}
