import { describe, expect, it } from 'vitest'
import { StepPacer, SYNC_MS } from './stepPacer'

describe('StepPacer', () => {
  it('lets the loop run readbackEvery steps ahead until it has measured a rate', () => {
    const pacer = new StepPacer(10)
    expect(pacer.aheadLimit).toBe(10)
    pacer.observe(0, 5)
    expect(pacer.aheadLimit).toBe(10)
  })

  it('runs about SYNC_MS of steps ahead: far on a fast device, one step on a slow one', () => {
    const fast = new StepPacer(10)
    fast.observe(1, 0)
    fast.observe(100, 100) // 1000 steps/s
    expect(fast.aheadLimit).toBe(Math.floor((1000 * SYNC_MS) / 1000))
    const slow = new StepPacer(10)
    slow.observe(1, 0)
    slow.observe(1, 200) // 5 steps/s
    expect(slow.aheadLimit).toBe(1)
  })

  it('does not count a pause as step time after a restart', () => {
    const pacer = new StepPacer(10)
    pacer.observe(1, 0)
    pacer.observe(100, 100)
    pacer.restart()
    pacer.observe(10, 60_000) // first losses after a minute's pause
    pacer.observe(100, 60_100)
    expect(pacer.aheadLimit).toBe(60)
  })
})
