import { describe, expect, it } from 'vitest'
import { type MeasureOptions, measure, median, type Runner } from './measure'

/** A runner on a fake clock: each step costs `cost(i)` ms of the clock `performance.now` reads. */
function fakeRunner(cost: (step: number) => number, log: string[]): Runner {
  let steps = 0
  return {
    step() {
      clock += cost(steps++)
      log.push('step')
    },
    sync: async () => {
      log.push('sync')
      return steps
    },
    dispose: () => log.push('dispose'),
  }
}

let clock = 0
const realNow = performance.now.bind(performance)
function withClock<T>(run: () => Promise<T>): Promise<T> {
  clock = 0
  performance.now = () => clock
  return run().finally(() => {
    performance.now = realNow
  })
}

const OPTIONS: MeasureOptions = { reps: 5, budgetMs: 1e9, warmupMs: 0, windowMs: 40 }

describe('measure', () => {
  it('takes the median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('leaves the slow first step and the warm-up out of the per-step time', async () => {
    const log: string[] = []
    // step 0 (compile) costs 1000 ms, step 1 (warm-up) 500 ms, every later one 10 ms
    const m = await withClock(() =>
      measure(async () => fakeRunner((i) => (i === 0 ? 1000 : i === 1 ? 500 : 10), log), OPTIONS),
    )
    expect(m.firstStepMs).toBe(1000)
    expect(m.msPerStep).toBe(10)
    expect(m.windows).toBe(5)
  })

  it('syncs once per window of several steps, not once per step', async () => {
    const log: string[] = []
    const m = await withClock(() => measure(async () => fakeRunner(() => 10, log), OPTIONS))
    expect(m.stepsPerWindow).toBe(4)
    const timed = log.slice(log.indexOf('sync', log.indexOf('sync') + 1) + 1)
    expect(timed.slice(0, 5)).toEqual(['step', 'step', 'step', 'step', 'sync'])
    expect(m.lastSync).toBe(2 + 5 * 4)
  })

  it('times at least three windows when the budget is spent, and no more', async () => {
    const m = await withClock(() =>
      measure(async () => fakeRunner(() => 100, []), { ...OPTIONS, budgetMs: 1, windowMs: 1 }),
    )
    expect(m.windows).toBe(3)
  })

  it('disposes the runner when a step throws', async () => {
    const log: string[] = []
    const runner = fakeRunner(() => 1, log)
    runner.sync = async () => {
      throw new Error('loss went NaN')
    }
    await expect(withClock(() => measure(async () => runner, OPTIONS))).rejects.toThrow(/NaN/)
    expect(log.at(-1)).toBe('dispose')
  })
})
