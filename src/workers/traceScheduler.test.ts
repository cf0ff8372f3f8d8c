import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { emptyDocument } from '../graph/document/schema'
import { isSuperseded } from './traceAnswer'
import { createTraceScheduler, type HostAnswer, type TraceHost } from './traceScheduler'

/** A host whose runs the test answers by hand; it records what was asked and what was aborted. */
function fakeHost() {
  const runs: { code: string; signal: AbortSignal; answer(a: HostAnswer): void }[] = []
  let disposed = 0
  const host: TraceHost = {
    run: (code, _timeoutMs, signal) => new Promise((answer) => runs.push({ code, signal, answer })),
    dispose: () => {
      disposed++
    },
  }
  return { host, runs, disposed: () => disposed }
}

const good = { ok: true, doc: emptyDocument('m'), nodeLines: {} }

/** The first error message of an answer, or undefined for a success. */
const messageOf = (r: { ok: true } | { ok: false; errors: { message: string }[] }) =>
  r.ok ? undefined : r.errors[0]?.message

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('the trace scheduler', () => {
  it('lets the latest request win: older ones answer superseded at once and their runs are aborted', async () => {
    const { host, runs } = fakeHost()
    const client = createTraceScheduler(() => host)
    const first = client.trace('while (true) {}')
    const second = client.trace('draft')
    const third = client.trace('final')
    const [a, b] = await Promise.all([first, second])
    expect(isSuperseded(a) && isSuperseded(b)).toBe(true)
    // Every request went to the host right away (no queue); the older ones were aborted.
    expect(runs.map((r) => [r.code, r.signal.aborted])).toEqual([
      ['while (true) {}', true],
      ['draft', true],
      ['final', false],
    ])
    runs[2]?.answer({ kind: 'result', data: good })
    expect(await third).toEqual(good)
    // A late answer of an aborted run changes nothing.
    runs[0]?.answer({ kind: 'result', data: good })
    expect(isSuperseded(await first)).toBe(true)
  })

  it('does not wait for a stale trace to time out before running the newest', async () => {
    const { host, runs } = fakeHost()
    const client = createTraceScheduler(() => host)
    void client.trace('slow')
    const newest = client.trace('fast')
    expect(runs).toHaveLength(2)
    runs[1]?.answer({ kind: 'result', data: good })
    await expect(newest).resolves.toEqual(good)
  })

  it('keeps the host after a timeout, drops it when it fails or falls silent, and makes a new one', async () => {
    const hosts = [fakeHost(), fakeHost(), fakeHost()]
    let made = 0
    const client = createTraceScheduler(() => hosts[made++]!.host, { backstopMs: 100 })
    const timedOut = client.trace('a', { timeoutMs: 50 })
    hosts[0]?.runs[0]?.answer({ kind: 'timeout' })
    expect(messageOf(await timedOut)).toContain('more than 0.1 s')
    const failed = client.trace('b')
    hosts[0]?.runs[1]?.answer({ kind: 'failed', message: 'no worker' })
    expect(messageOf(await failed)).toBe('The code sandbox could not run the code: no worker')
    expect(hosts[0]?.disposed()).toBe(1)
    const silent = client.trace('c', { timeoutMs: 50 })
    await vi.advanceTimersByTimeAsync(150)
    expect((await silent).ok).toBe(false)
    expect(hosts[1]?.disposed()).toBe(1)
    void client.trace('d')
    expect(made).toBe(3)
  })

  it('refuses what `refuse` names without running it, and answers a forged result with an error', async () => {
    const { host, runs } = fakeHost()
    const client = createTraceScheduler(() => host, {
      refuse: (o) => (o.untrusted ? 'not here' : undefined),
    })
    const refused = await client.trace('x', { untrusted: true })
    expect(messageOf(refused)).toBe('The code sandbox could not run the code: not here')
    expect(runs).toHaveLength(0)
    const forged = client.trace('y')
    runs[0]?.answer({ kind: 'result', data: { ok: true, doc: 'not a document' } })
    expect((await forged).ok).toBe(false)
  })

  it('answers a running trace and later calls with an error once destroyed', async () => {
    const { host, runs, disposed } = fakeHost()
    const client = createTraceScheduler(() => host)
    const running = client.trace('x')
    client.destroy()
    expect(messageOf(await running)).toContain('the tracer was closed')
    expect(runs[0]?.signal.aborted).toBe(true)
    expect(disposed()).toBe(1)
    expect((await client.trace('y')).ok).toBe(false)
  })
})
