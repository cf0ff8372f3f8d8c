import type { TrainState } from '../../engine/train/compileTrainStep'
import type { TrainExecutor } from '../../engine/train/executor'
import { type RunPlan, stepFeeds } from './runPlan'

/** How far (in time) the loop queues steps ahead of the losses it has read. */
export const SYNC_MS = 60

/**
 * Measures the steps per second the losses come back at, and from it how many steps the loop
 * may queue beyond the last loss read: about `SYNC_MS` of work. A fast GPU runs far ahead (few
 * readbacks); a slow one (SwiftShader) syncs often enough that the page hears >= 10 times a
 * second.
 */
export class StepPacer {
  private rate: number | undefined
  private last: number | undefined

  constructor(private readonly fallback: number) {}

  /** Forgets when the last losses came (a new start: the pause is not step time). */
  restart(): void {
    this.last = undefined
  }

  /** Records `count` losses read at time `t` (ms). */
  observe(count: number, t: number): void {
    if (count > 0 && this.last !== undefined && t > this.last) {
      const rate = (1000 * count) / (t - this.last)
      this.rate = this.rate ? 0.7 * this.rate + 0.3 * rate : rate
    }
    if (count > 0 || this.last === undefined) this.last = t
  }

  /** Steps the loop may run ahead of the last loss read (the fallback until a rate is known). */
  get aheadLimit(): number {
    if (!this.rate) return Math.max(1, this.fallback)
    return Math.max(1, Math.floor((this.rate * SYNC_MS) / 1000))
  }
}

/**
 * Compiles an executor's graph for every batch size the run feeds (the full batch and the
 * smaller last batch of an epoch) by running one step of each, then loads `initial` back: the
 * GPU's pipelines all exist before step 1, so training never stalls on a compile mid-run.
 * `guard` races each call against the device being lost.
 */
export async function warmUpExecutor(
  executor: TrainExecutor,
  plan: RunPlan,
  initial: TrainState,
  guard: <T>(p: Promise<T>) => Promise<T>,
): Promise<void> {
  const sizes = new Set<number>()
  for (const k of [0, plan.loader.length - 1]) {
    const rows = plan.loader.batchIndices(0, k).length
    if (sizes.has(rows)) continue
    sizes.add(rows)
    await guard(executor.enqueue(stepFeeds(plan, k), { seed: plan.seed }))
  }
  await guard(executor.losses(true))
  await guard(executor.load(initial))
}
