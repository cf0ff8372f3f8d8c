/**
 * Learning-rate schedules, torch.optim.lr_scheduler's closed forms. A schedule maps the number of
 * scheduler steps taken so far (PyTorch's `last_epoch`: 0 before the first `scheduler.step()`)
 * and the optimizer's base lr to the lr to use. Whether one scheduler step is an epoch or an
 * optimizer step is the training loop's choice, as in PyTorch. The lr reaches the compiled step
 * graph as a scalar input, so changing it never recompiles.
 *
 * @example
 * const schedule = sequential([linearWarmup({ total_iters: 100 }), cosineAnnealing({ T_max: 900 })], [100])
 * const lr = schedule(step, 1e-3)
 */
export type LrSchedule = (step: number, baseLr: number) => number

/** A constant learning rate (no scheduler). */
export const constantLr: LrSchedule = (_step, base) => base

/** StepLR: base·gamma^floor(step / step_size). */
export function stepLr(o: { step_size: number; gamma?: number }): LrSchedule {
  if (!(Number.isInteger(o.step_size) && o.step_size > 0))
    throw new Error(`StepLR step_size must be a positive integer, got ${o.step_size}.`)
  const gamma = o.gamma ?? 0.1
  return (step, base) => base * gamma ** Math.floor(step / o.step_size)
}

/** CosineAnnealingLR: eta_min + (base - eta_min)·(1 + cos(π·step / T_max)) / 2. */
export function cosineAnnealing(o: { T_max: number; eta_min?: number }): LrSchedule {
  if (!(o.T_max > 0)) throw new Error(`CosineAnnealingLR T_max must be positive, got ${o.T_max}.`)
  const etaMin = o.eta_min ?? 0
  return (step, base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * step) / o.T_max))) / 2
}

/**
 * LinearLR as a warmup: the factor goes linearly from start_factor (default 1/3) to end_factor
 * (default 1) over total_iters steps (default 5), then stays.
 */
export function linearWarmup(
  o: { total_iters?: number; start_factor?: number; end_factor?: number } = {},
): LrSchedule {
  const total = o.total_iters ?? 5
  const start = o.start_factor ?? 1 / 3
  const end = o.end_factor ?? 1
  if (!(start > 0 && start <= 1)) throw new Error(`LinearLR start_factor must be in (0, 1], got ${start}.`)
  return (step, base) => base * (start + ((end - start) * Math.min(step, total)) / total)
}

/**
 * SequentialLR: `schedules[i]` runs from `milestones[i-1]` on, counting its own steps from 0
 * (warmup then cosine, say). Needs one milestone fewer than schedules.
 */
export function sequential(schedules: readonly LrSchedule[], milestones: readonly number[]): LrSchedule {
  if (schedules.length !== milestones.length + 1)
    throw new Error(`SequentialLR needs ${schedules.length - 1} milestones, got ${milestones.length}.`)
  return (step, base) => {
    let i = 0
    while (i < milestones.length && step >= milestones[i]!) i++
    const from = i === 0 ? 0 : milestones[i - 1]!
    return schedules[i]!(step - from, base)
  }
}
