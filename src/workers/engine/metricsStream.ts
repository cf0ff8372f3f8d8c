import type { MetricsEvent } from './protocol'

type TrainPoint = MetricsEvent['train'][number]
type ValidationPoint = MetricsEvent['validation'][number]

/**
 * Batches step losses and validation results into `metrics` events sent at most every
 * `intervalMs` (time-based, so the page gets >= 10 Hz however fast or slow the steps are), and
 * at once on `flush(true)` (phase changes, epoch ends).
 */
export class MetricsStream {
  private train: TrainPoint[] = []
  private validation: ValidationPoint[] = []
  private lastFlush: number
  private stepsSinceFlush = 0

  constructor(
    private readonly send: (event: MetricsEvent) => void,
    private readonly now: () => number,
    readonly intervalMs: number,
  ) {
    this.lastFlush = now()
  }

  /** True once `intervalMs` has passed since the last event. */
  get due(): boolean {
    return this.now() - this.lastFlush >= this.intervalMs
  }

  /** Step losses waiting to be sent. */
  get pendingSteps(): number {
    return this.train.length
  }

  addTrain(step: number, loss: number): void {
    this.train.push({ step, loss })
    this.stepsSinceFlush++
  }

  addValidation(point: ValidationPoint): void {
    this.validation.push(point)
  }

  /** Forgets unsent step losses after `step` (a recovery recomputes them from a checkpoint). */
  rewind(step: number): void {
    this.train = this.train.filter((p) => p.step <= step)
  }

  /** Restarts the rate clock (a new run, a resume after a pause). */
  restart(): void {
    this.lastFlush = this.now()
    this.stepsSinceFlush = 0
  }

  /** Sends what is pending when the interval has passed, or now with `force`. */
  flush(force = false): void {
    if (!force && !this.due) return
    const t = this.now()
    if (this.train.length === 0 && this.validation.length === 0) {
      if (force) this.restart()
      return
    }
    const seconds = (t - this.lastFlush) / 1000
    const stepsPerSecond = seconds > 0 ? this.stepsSinceFlush / seconds : 0
    this.send({ type: 'metrics', train: this.train, validation: this.validation, stepsPerSecond })
    this.train = []
    this.validation = []
    this.lastFlush = t
    this.stepsSinceFlush = 0
  }
}
