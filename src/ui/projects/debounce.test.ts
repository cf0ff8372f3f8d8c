import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { debounce } from './debounce'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('debounced saving', () => {
  it('saves once, 300 ms after the last of a burst of edits', async () => {
    const run = vi.fn(async () => {})
    const d = debounce(run, { waitMs: 300, maxWaitMs: 2000 })
    for (let i = 0; i < 5; i++) {
      d.schedule()
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(run).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(299)
    expect(run).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(5000)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('still saves every maxWait while changes stream in without a pause', async () => {
    const run = vi.fn(async () => {})
    const d = debounce(run, { waitMs: 300, maxWaitMs: 2000 })
    for (let t = 0; t < 6000; t += 100) {
      d.schedule()
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(run.mock.calls.length).toBeGreaterThanOrEqual(3)
    expect(run.mock.calls.length).toBeLessThanOrEqual(4)
  })

  it('runs a pending save at once on flush, and flush with nothing pending does nothing', async () => {
    const run = vi.fn(async () => {})
    const d = debounce(run, { waitMs: 300, maxWaitMs: 2000 })
    await d.flush()
    expect(run).not.toHaveBeenCalled()
    d.schedule()
    expect(d.pending).toBe(true)
    await d.flush()
    expect(run).toHaveBeenCalledTimes(1)
    expect(d.pending).toBe(false)
  })

  it('never overlaps two saves: a change during a save is saved again after it', async () => {
    let active = 0
    let most = 0
    const run = vi.fn(async () => {
      active++
      most = Math.max(most, active)
      await new Promise((r) => setTimeout(r, 500))
      active--
    })
    const d = debounce(run, { waitMs: 10, maxWaitMs: 100 })
    d.schedule()
    await vi.advanceTimersByTimeAsync(20)
    d.schedule()
    await vi.advanceTimersByTimeAsync(20)
    expect(run).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(2000)
    expect(run).toHaveBeenCalledTimes(2)
    expect(most).toBe(1)
  })

  it('keeps saving after a save that failed', async () => {
    const run = vi.fn(async () => {
      throw new Error('disk on fire')
    })
    const d = debounce(run, { waitMs: 10, maxWaitMs: 100 })
    d.schedule()
    await vi.advanceTimersByTimeAsync(20)
    d.schedule()
    await vi.advanceTimersByTimeAsync(20)
    expect(run).toHaveBeenCalledTimes(2)
  })
})
