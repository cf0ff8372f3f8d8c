/**
 * The timing protocol of the browser benchmark, the same for every system: a workload is a
 * `Runner` (one unit of work queued per `step`, `sync` waiting until everything queued is done),
 * timed in windows of K steps closed by one `sync`, after a warm-up; the median window counts.
 */

/** One benchmark workload instantiated on one system. */
export interface Runner {
  /** Queues one unit of work (a training step, or a matmul whose result is read back). */
  step(): void | Promise<void>
  /** Waits for everything queued; a training step's loss is read back here, and only here. */
  sync(): Promise<unknown>
  /** Frees what the runner holds (GPU buffers, tensors). */
  dispose(): void
  /** How this system runs the workload, where that needs saying (which Triad WebGPU path). */
  readonly note?: string
}

/** How long to measure one workload on one system. */
export interface MeasureOptions {
  /** Timed windows; the median counts. At least 3 unless `budgetMs` runs out sooner. */
  readonly reps: number
  /** Time budget for the timed windows; at least 3 windows (or `reps` if fewer) are timed regardless. */
  readonly budgetMs: number
  /** Warm-up after the first step: at least this long, and at least one more synced step. */
  readonly warmupMs: number
  /** A window holds enough steps to last about this long (at least one step). */
  readonly windowMs: number
}

/** What `measure` found: the median milliseconds per step and the time to the first synced step. */
export interface Measurement {
  readonly msPerStep: number
  /** Milliseconds from the start of setup (compile) to the end of the first synced step. */
  readonly firstStepMs: number
  readonly stepsPerWindow: number
  readonly windows: number
  /** What the last `sync` returned (a training step's loss), to see that every system trains. */
  readonly lastSync: unknown
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

async function window(runner: Runner, steps: number): Promise<{ ms: number; synced: unknown }> {
  const t0 = performance.now()
  for (let i = 0; i < steps; i++) await runner.step()
  const synced = await runner.sync()
  return { ms: performance.now() - t0, synced }
}

/**
 * Builds a runner with `setup` (timed: compile and first step), warms it up, picks the steps per
 * window from the warm-up's pace, and times windows. Disposes the runner whatever happens.
 */
export async function measure(setup: () => Promise<Runner>, options: MeasureOptions): Promise<Measurement> {
  const start = performance.now()
  const runner = await setup()
  try {
    await window(runner, 1)
    const firstStepMs = performance.now() - start
    const warmStart = performance.now()
    let warmSteps = 0
    let lastMs = 0
    while (warmSteps < 1 || performance.now() - warmStart < options.warmupMs) {
      lastMs = (await window(runner, 1)).ms
      warmSteps++
    }
    const stepsPerWindow = Math.max(1, Math.round(options.windowMs / Math.max(lastMs, 1e-3)))
    const times: number[] = []
    let lastSync: unknown
    const timedStart = performance.now()
    const least = Math.min(3, options.reps)
    while (
      times.length < options.reps &&
      (times.length < least || performance.now() - timedStart < options.budgetMs)
    ) {
      const t = await window(runner, stepsPerWindow)
      times.push(t.ms / stepsPerWindow)
      lastSync = t.synced
    }
    return { msPerStep: median(times), firstStepMs, stepsPerWindow, windows: times.length, lastSync }
  } finally {
    runner.dispose()
  }
}
