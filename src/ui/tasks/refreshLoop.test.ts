import { describe, expect, it } from 'vitest'
import { canPredict, createRefreshLoop, type Timers } from './refreshLoop'

/** Timers the test ticks by hand. */
function manualTimers() {
  const active = new Map<number, () => void>()
  let next = 0
  const timers: Timers = {
    setInterval(fn) {
      active.set(++next, fn)
      return next
    },
    clearInterval(h) {
      active.delete(h as number)
    },
  }
  return {
    timers,
    tick: () => {
      for (const fn of active.values()) fn()
    },
    count: () => active.size,
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0))

describe('the refresh loop', () => {
  it('refreshes on every tick while training and stops ticking when the run pauses', async () => {
    const { timers, tick, count } = manualTimers()
    let calls = 0
    const loop = createRefreshLoop(async () => void calls++, 250, timers)
    loop.update('training')
    await settle()
    tick()
    await settle()
    tick()
    await settle()
    expect(calls).toBe(3)
    loop.update('paused')
    await settle()
    expect(count()).toBe(0)
    // one last refresh with the paused weights
    expect(calls).toBe(4)
    loop.destroy()
  })

  it('never runs two refreshes at once: a tick during one is dropped, a request waits for it', async () => {
    const { timers, tick } = manualTimers()
    let running = 0
    let most = 0
    let calls = 0
    let release: () => void = () => {}
    const loop = createRefreshLoop(
      () =>
        new Promise<void>((resolve) => {
          calls++
          running++
          most = Math.max(most, running)
          release = () => {
            running--
            resolve()
          }
        }),
      250,
      timers,
    )
    loop.update('training')
    tick()
    tick()
    loop.trigger()
    expect(calls).toBe(1)
    release()
    await settle()
    expect(calls).toBe(2)
    release()
    await settle()
    expect(most).toBe(1)
    expect(calls).toBe(2)
    loop.destroy()
  })

  it('does not refresh while compiling or failed, and only once per settled phase', async () => {
    let calls = 0
    const loop = createRefreshLoop(async () => void calls++, 250, manualTimers().timers)
    loop.update('compiling')
    loop.update('failed')
    await settle()
    expect(calls).toBe(0)
    loop.update('done')
    loop.update('done')
    await settle()
    expect(calls).toBe(1)
    loop.destroy()
  })

  it('knows when the worker has a model to predict with', () => {
    expect(canPredict('training')).toBe(true)
    expect(canPredict('ready')).toBe(true)
    expect(canPredict('compiling')).toBe(false)
    expect(canPredict('idle')).toBe(false)
    expect(canPredict(undefined)).toBe(false)
  })
})
