import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { emitCode } from '../../graph/code/emitCode'
import type { ModelDocument } from '../../graph/document/schema'
import { mlpDocument, storeWith } from '../testing/fixtures'
import { createCodeSync, type TraceClientLike, type TraceOutcome } from './codeSync'

/** A trace client whose answers the test hands out one at a time. */
function fakeClient() {
  const calls: { code: string; resolve(outcome: TraceOutcome): void }[] = []
  const client: TraceClientLike = {
    trace: (code) => new Promise((resolve) => calls.push({ code, resolve })),
  }
  return { client, calls }
}

/** The document the code describes: the MLP with a wider hidden layer, carrying the code. */
function tracedDoc(code: string): ModelDocument {
  const doc = mlpDocument()
  return {
    ...doc,
    nodes: doc.nodes.map((n) =>
      n.id === 'hidden' ? { ...n, params: { ...n.params, out_features: 32 } } : n,
    ),
    code,
  }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('the code sync', () => {
  it('shows the emitted code of a document without code, and follows graph edits', () => {
    const store = storeWith()
    const sync = createCodeSync(store, fakeClient().client)
    expect(store.getState().code.text).toBe(emitCode(store.getState().doc).code)
    expect(Object.keys(store.getState().code.nodeLines)).toContain('hidden')
    store.getState().apply({ kind: 'setParam', id: 'hidden', param: 'out_features', value: 7 })
    expect(store.getState().code.text).toBe(emitCode(store.getState().doc).code)
    expect(store.getState().code.text).toContain('7')
    sync.destroy()
  })

  it('traces typing once it pauses and applies the traced graph without rewriting the text', async () => {
    const store = storeWith()
    const { client, calls } = fakeClient()
    const sync = createCodeSync(store, client, { debounceMs: 400 })
    sync.edit('draft 1')
    sync.edit('draft 2')
    await vi.advanceTimersByTimeAsync(399)
    expect(calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls.map((c) => c.code)).toEqual(['draft 2'])
    calls[0]?.resolve({ ok: true, doc: tracedDoc('draft 2'), nodeLines: { hidden: { start: 2, end: 2 } } })
    await vi.runAllTimersAsync()
    const state = store.getState()
    expect(state.doc.nodes.find((n) => n.id === 'hidden')?.params.out_features).toBe(32)
    expect(state.changeSource).toBe('code')
    expect(state.code).toMatchObject({ text: 'draft 2', status: 'synced', errors: [] })
    expect(state.code.nodeLines).toEqual({ hidden: { start: 2, end: 2 } })
    sync.destroy()
  })

  it('keeps the last good graph on an error, shows the errors and keeps the text in the document', async () => {
    const store = storeWith()
    const graphBefore = store.getState().doc.nodes
    const { client, calls } = fakeClient()
    const sync = createCodeSync(store, client)
    const done = sync.run('const = broken')
    calls[0]?.resolve({ ok: false, errors: [{ message: 'Identifier expected.', line: 1, column: 7 }] })
    await done
    const state = store.getState()
    expect(state.doc.nodes).toEqual(graphBefore)
    expect(state.doc.code).toBe('const = broken')
    expect(state.code.status).toBe('error')
    expect(state.code.errors[0]?.line).toBe(1)
    expect(state.code.text).toBe('const = broken')
    expect(state.notice?.text).toContain('Identifier expected.')
    sync.destroy()
  })

  it('drops the result of a trace overtaken by newer typing', async () => {
    const store = storeWith()
    const { client, calls } = fakeClient()
    const sync = createCodeSync(store, client, { debounceMs: 10 })
    const first = sync.run('old text')
    sync.edit('newer text')
    calls[0]?.resolve({ ok: true, doc: tracedDoc('old text'), nodeLines: {} })
    await first
    expect(store.getState().doc.nodes.find((n) => n.id === 'hidden')?.params.out_features).toBe(16)
    expect(store.getState().code.text).toBe('newer text')
    sync.destroy()
  })

  it('never traces code that came from a file until it is run', async () => {
    const external: ModelDocument = {
      ...mlpDocument(),
      code: 'while (true) {}',
      metadata: { origin: 'external' },
    }
    const store = storeWith(external)
    const { client, calls } = fakeClient()
    const sync = createCodeSync(store, client, { debounceMs: 10 })
    expect(store.getState().code.text).toBe('while (true) {}')
    sync.edit('while (true) { }')
    await vi.advanceTimersByTimeAsync(50)
    expect(calls).toHaveLength(0)
    const run = sync.run(external.code)
    calls[0]?.resolve({ ok: true, doc: tracedDoc('while (true) {}'), nodeLines: {} })
    await run
    expect(store.getState().doc.metadata.origin).toBe('local')
    sync.destroy()
  })

  it('shows the code of a document again after an undo', async () => {
    const store = storeWith()
    const { client, calls } = fakeClient()
    const sync = createCodeSync(store, client)
    const emitted = store.getState().code.text
    const run = sync.run('my code')
    calls[0]?.resolve({ ok: true, doc: tracedDoc('my code'), nodeLines: {} })
    await run
    store.getState().undo()
    expect(store.getState().code.text).toBe(emitted)
    store.getState().redo()
    expect(store.getState().code.text).toBe('my code')
    sync.destroy()
  })
})
