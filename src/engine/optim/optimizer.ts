import type { GraphBuilder } from '../ir/builder'
import type { Value } from '../ir/value'
import { adamUpdate } from './adam'
import { rmspropUpdate } from './rmsprop'
import { sgdUpdate } from './sgd'

/** torch.optim.SGD's arguments. */
export interface SgdConfig {
  readonly type: 'sgd'
  readonly lr: number
  readonly momentum?: number
  readonly dampening?: number
  readonly nesterov?: boolean
  readonly weight_decay?: number
  readonly maximize?: boolean
}

/** torch.optim.Adam's (and AdamW's) arguments; AdamW's weight_decay defaults to 0.01. */
export interface AdamConfig {
  readonly type: 'adam' | 'adamw'
  readonly lr: number
  readonly betas?: readonly [number, number]
  readonly eps?: number
  readonly weight_decay?: number
  readonly amsgrad?: boolean
  readonly maximize?: boolean
}

/** torch.optim.RMSprop's arguments. */
export interface RmspropConfig {
  readonly type: 'rmsprop'
  readonly lr: number
  readonly alpha?: number
  readonly eps?: number
  readonly weight_decay?: number
  readonly momentum?: number
  readonly centered?: boolean
  readonly maximize?: boolean
}

/** An optimizer and its hyperparameters, with torch.optim's names and defaults. */
export type OptimizerConfig = SgdConfig | AdamConfig | RmspropConfig

/** What one parameter's update sees, all values of the step graph. */
export interface ParamUpdateArgs {
  readonly param: Value
  readonly grad: Value
  /** The parameter's optimizer state, one value per slot of `optimizerSlots(config)`. */
  readonly state: readonly Value[]
  /**
   * This step's scalars (see `optimizerScalars`), as scalar inputs of the graph: computed on the
   * host in f64 each step, as PyTorch computes them in Python floats, so a schedule or the bias
   * corrections never need a recompilation nor lose precision to f32 (1 - 0.999^t would).
   */
  readonly scalars: Readonly<Record<string, Value>>
}

/** A parameter's new value and new optimizer state (parallel to the slots). */
export interface ParamUpdate {
  readonly param: Value
  readonly state: readonly Value[]
}

/**
 * Names of the per-parameter state tensors an optimizer keeps, as in its PyTorch `state` dict
 * (`momentum_buffer`, `exp_avg`, ...). Each has the parameter's shape and starts at zero.
 */
export function optimizerSlots(config: OptimizerConfig): readonly string[] {
  switch (config.type) {
    case 'sgd':
      return (config.momentum ?? 0) !== 0 ? ['momentum_buffer'] : []
    case 'adam':
    case 'adamw':
      return config.amsgrad ? ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'] : ['exp_avg', 'exp_avg_sq']
    case 'rmsprop': {
      const slots = ['square_avg']
      if ((config.momentum ?? 0) > 0) slots.push('momentum_buffer')
      if (config.centered) slots.push('grad_avg')
      return slots
    }
  }
}

/**
 * The per-step scalars an optimizer's update reads, by name, for the 1-based step `step` at
 * learning rate `lr`, in f64: `lr`; SGD with momentum `first` (1 on the first step, when the
 * buffer is a clone of the gradient); Adam/AdamW `step_size` = lr / (1 - β1^t) and
 * `bias_correction2_sqrt` = sqrt(1 - β2^t); AdamW `decay` = 1 - lr·wd.
 */
export function optimizerScalars(config: OptimizerConfig, step: number, lr: number): Record<string, number> {
  switch (config.type) {
    case 'sgd':
      return (config.momentum ?? 0) !== 0 ? { lr, first: step === 1 ? 1 : 0 } : { lr }
    case 'adam':
    case 'adamw': {
      const [beta1, beta2] = config.betas ?? [0.9, 0.999]
      const scalars: Record<string, number> = {
        step_size: lr / (1 - beta1 ** step),
        bias_correction2_sqrt: Math.sqrt(1 - beta2 ** step),
      }
      if (config.type === 'adamw') scalars.decay = 1 - lr * (config.weight_decay ?? 0.01)
      return scalars
    }
    case 'rmsprop':
      return { lr }
  }
}

/**
 * Appends one parameter's optimizer update to the step graph, with torch.optim's single-tensor
 * semantics (the order of operations of PyTorch 1.13's `_single_tensor_*` functions).
 *
 * @example
 * const { param: next, state } = buildParamUpdate(g, adam, { param: w, grad: dw, state: [m, v], scalars })
 */
export function buildParamUpdate(
  g: GraphBuilder,
  config: OptimizerConfig,
  args: ParamUpdateArgs,
): ParamUpdate {
  const grad = config.maximize ? g.neg(args.grad) : args.grad
  const a = { ...args, grad }
  switch (config.type) {
    case 'sgd':
      return sgdUpdate(g, config, a)
    case 'adam':
    case 'adamw':
      return adamUpdate(g, config, a)
    case 'rmsprop':
      return rmspropUpdate(g, config, a)
  }
}

/** Checks hyperparameters the way torch.optim's constructors do; throws with the offending name. */
export function checkOptimizerConfig(config: OptimizerConfig): void {
  const bad = (what: string) => {
    throw new Error(`Invalid ${config.type} ${what}.`)
  }
  if (!(config.lr >= 0)) bad(`learning rate: ${config.lr}`)
  if ((config.weight_decay ?? 0) < 0) bad(`weight_decay: ${config.weight_decay}`)
  if (config.type === 'sgd') {
    if ((config.momentum ?? 0) < 0) bad(`momentum: ${config.momentum}`)
    if (config.nesterov && ((config.momentum ?? 0) <= 0 || (config.dampening ?? 0) !== 0))
      bad('nesterov: it requires a momentum and zero dampening')
  }
  if (config.type === 'adam' || config.type === 'adamw') {
    const [b1, b2] = config.betas ?? [0.9, 0.999]
    if (!(b1 >= 0 && b1 < 1)) bad(`beta parameter at index 0: ${b1}`)
    if (!(b2 >= 0 && b2 < 1)) bad(`beta parameter at index 1: ${b2}`)
    if ((config.eps ?? 1e-8) < 0) bad(`epsilon value: ${config.eps}`)
  }
  if (config.type === 'rmsprop') {
    if ((config.alpha ?? 0.99) < 0) bad(`alpha value: ${config.alpha}`)
    if ((config.momentum ?? 0) < 0) bad(`momentum value: ${config.momentum}`)
    if ((config.eps ?? 1e-8) < 0) bad(`epsilon value: ${config.eps}`)
  }
}
