import { describe, expect, it } from 'vitest'
import { memoryIo } from './io'
import { createProgress, formatDuration, progressText } from './progress'

describe('progress', () => {
  it('formats an ETA as m:ss or h:mm:ss', () => {
    expect(formatDuration(5)).toBe('0:05')
    expect(formatDuration(65)).toBe('1:05')
    expect(formatDuration(3723)).toBe('1:02:03')
    expect(formatDuration(Number.NaN)).toBe('?')
  })

  it('writes epoch, step, loss, steps/s and the ETA from the rate so far', () => {
    const text = progressText({ epoch: 2, epochs: 5, step: 50, steps: 250, loss: 0.123456 }, 25)
    expect(text).toBe('epoch 2/5  step 50/250  loss 0.1235  25.0 steps/s  ETA 0:08')
  })

  it('redraws one line with \\r on a terminal and keeps epoch lines above it', () => {
    let now = 0
    const io = memoryIo('/', { isTTY: true, now: () => now })
    const progress = createProgress(io, 4)
    for (let step = 1; step <= 4; step++) {
      now += 1000
      progress.step({ epoch: 1, epochs: 1, step, steps: 4, loss: 1 / step })
    }
    progress.epoch(1, 1, 'epoch 1/1  validation loss 0.5')
    progress.done()
    const out = io.stdout()
    expect(out.split('\n')).toHaveLength(2)
    expect(out).toContain('\r')
    expect(out).toContain('[####################] epoch 1/1  step 4/4  loss 0.2500  1.0 steps/s  ETA 0:00')
    expect(out.endsWith('epoch 1/1  validation loss 0.5\n')).toBe(true)
  })

  it('prints about 20 epoch lines for a long run, always the last', () => {
    const io = memoryIo('/')
    const progress = createProgress(io, 1000, 1000)
    for (let e = 1; e <= 100; e++) progress.epoch(e, 100, `epoch ${e}`)
    const lines = io.stdout().trimEnd().split('\n')
    expect(lines).toHaveLength(20)
    expect(lines.at(-1)).toBe('epoch 100')
  })
})
