import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { emitCode } from '../../graph/code/emitCode'
import type { TraceResult } from '../../graph/code/traceCode'
import type { ModelDocument } from '../../graph/document/schema'
import { type SupersededTrace, supersededResult } from '../../workers/traceAnswer'
import type { TraceRequestOptions } from '../../workers/traceScheduler'
import { mlpDocument, storeWith } from '../testing/fixtures'
import {
  CODE_OVER_GRAPH_NOTICE,
  createCodeSync,
  DROPPED_ON_LOAD_NOTICE,
  type TraceClientLike,
} from './codeSync'

/** A trace client whose answers the test hands out one at a time. */
function fakeClient() {
  const calls: {
    code: string
    options: TraceRequestOptions | undefined
    resolve(outcome: TraceResult | SupersededTrace): void
  }[] = []
  const client: TraceClientLike = {
    trace: (code, options) => new Promise((resolve) => calls.push({ code, options, resolve })),
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

describe('the code sync, when the graph changes while code is being typed or traced', () => {
  const hiddenWidth = (store: ReturnType<typeof storeWith>) =>
    store.getState().doc.nodes.find((n) => n.id === 'hidden')?.params.out_features
  const hiddenPosition = (store: ReturnType<typeof storeWith>) =>
    store.getState().doc.nodes.find((n) => n.id === 'hidden')?.position

  it('keeps typed text and its pending trace through a move, and the traced graph keeps the move', async () => {
    const store = storeWith()
    const { client, calls } = fakeClient()
    const sync = createCodeSync(store, client, { debounceMs: 400 })
    sync.edit('typed')
    await vi.advanceTimersByTimeAsync(200)
    store.getState().apply({ kind: 'move', id: 'hidden', position: { x: 999, y: 77 } })
    expect(store.getState().code).toMatchObject({ text: 'typed', status: 'editing' })
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls.map((c) => c.code)).toEqual(['typed'])
    calls[0]?.resolve({ ok: true, doc: tracedDoc('typed'), nodeLines: {} })
    await vi.runAllTimersAsync()
    expect(store.getState().code).toMatchObject({ text: 'typed', status: 'synced' })
    expect(hiddenWidth(store)).toBe(32)
    expect(hiddenPosition(store)).toEqual({ x: 999, y: 77 })
    expect(store.getState().notice).toBeNull()
    sync.destroy()
  })

  it('keeps a trace in flight through a move and applies it', async () => {
    const store = storeWith()
    const { client, calls } = fakeClient()
    const sync = createCodeSync(store, client)
    const done = sync.run('my code')
    store.getState().apply({ kind: 'move', id: 'act', position: { x: 5, y: 5 } })
    expect(store.getState().code.text).toBe('my code')
    calls[0]?.resolve({ ok: true, doc: tracedDoc('my code'), nodeLines: {} })
    await done
    expect(hiddenWidth(store)).toBe(32)
    expect(store.getState().code).toMatchObject({ text: 'my code', status: 'synced' })
    sync.destroy()
  })

  it('traces typed text at once when a graph edit changes the code during the debounce, and says so', async () => {
    const store = storeWith()
    const { client, calls } = fakeClient()
    const sync = createCodeSync(store, client, { debounceMs: 400 })
    sync.edit('typed')
    store.getState().apply({ kind: 'setParam', id: 'hidden', param: 'out_features', value: 7 })
    // No waiting for the debounce: the text is traced now, and stays in the editor.
    expect(calls.map((c) => c.code)).toEqual(['typed'])
    expect(store.getState().code).toMatchObject({ text: 'typed', status: 'tracing' })
    calls[0]?.resolve({ ok: true, doc: tracedDoc('typed'), nodeLines: {} })
    await vi.runAllTimersAsync()
    expect(calls).toHaveLength(1)
    expect(hiddenWidth(store)).toBe(32)
    expect(store.getState().code.text).toBe('typed')
    expect(store.getState().notice?.text).toBe(CODE_OVER_GRAPH_NOTICE)
    // The graph edit is one undo step back, with its code face.
    store.getState().undo()
    expect(hiddenWidth(store)).toBe(7)
    expect(store.getState().code.text).toBe(emitCode(store.getState().doc).code)
    sync.destroy()
  })

  it('keeps a trace in flight when a graph edit changes the code, and applies it over the edit', async () => {
    const store = storeWith()
    const { client, calls } = fakeClient()
    const sync = createCodeSync(store, client, { debounceMs: 10 })
    sync.edit('typed')
    await vi.advanceTimersByTimeAsync(10)
    expect(store.getState().code.status).toBe('tracing')
    store.getState().apply({ kind: 'setParam', id: 'hidden', param: 'out_features', value: 7 })
    expect(store.getState().code.text).toBe('typed')
    expect(calls).toHaveLength(1)
    calls[0]?.resolve({ ok: true, doc: tracedDoc('typed'), nodeLines: {} })
    await vi.runAllTimersAsync()
    expect(hiddenWidth(store)).toBe(32)
    expect(store.getState().notice?.text).toBe(CODE_OVER_GRAPH_NOTICE)
    sync.destroy()
  })

  it('keeps the graph edit and the typed text, with its errors, when that text fails to trace', async () => {
    const store = storeWith()
    const { client, calls } = fakeClient()
    const sync = createCodeSync(store, client)
    sync.edit('broken(')
    store.getState().apply({ kind: 'setParam', id: 'hidden', param: 'out_features', value: 7 })
    calls[0]?.resolve({ ok: false, errors: [{ message: 'boom', line: 1, column: 1 }] })
    await vi.runAllTimersAsync()
    expect(hiddenWidth(store)).toBe(7)
    expect(store.getState().doc.code).toBe('broken(')
    expect(store.getState().code).toMatchObject({ text: 'broken(', status: 'error' })
    sync.destroy()
  })

  it('drops typing that was not traced when another document is opened, and says so', async () => {
    const store = storeWith()
    const { client, calls } = fakeClient()
    const sync = createCodeSync(store, client, { debounceMs: 10 })
    sync.edit('typed')
    const other = { ...mlpDocument(), name: 'other' }
    store.getState().load(other)
    await vi.advanceTimersByTimeAsync(100)
    expect(calls).toHaveLength(0)
    expect(store.getState().code.text).toBe(emitCode(other).code)
    expect(store.getState().notice?.text).toBe(DROPPED_ON_LOAD_NOTICE)
    sync.destroy()
  })

  it('ignores an answer the client superseded and applies the newer one', async () => {
    const store = storeWith()
    const { client, calls } = fakeClient()
    const sync = createCodeSync(store, client)
    const first = sync.run('old')
    const second = sync.run('new')
    calls[0]?.resolve(supersededResult())
    calls[1]?.resolve({ ok: true, doc: tracedDoc('new'), nodeLines: {} })
    await Promise.all([first, second])
    expect(store.getState().code).toMatchObject({ text: 'new', status: 'synced', errors: [] })
    expect(store.getState().notice).toBeNull()
    sync.destroy()
  })

  it('marks code from a file as untrusted when it is run, and typed code as trusted', async () => {
    const external: ModelDocument = { ...mlpDocument(), code: 'x', metadata: { origin: 'external' } }
    const store = storeWith(external)
    const { client, calls } = fakeClient()
    const sync = createCodeSync(store, client)
    void sync.run('x')
    expect(calls[0]?.options?.untrusted).toBe(true)
    store.getState().load(mlpDocument())
    void sync.run('mine')
    expect(calls[1]?.options?.untrusted).toBe(false)
    sync.destroy()
  })
})
