import { describe, expect, it } from 'vitest'
import { MAX_MESSAGE_LENGTH, MAX_NODES } from '../graph/code/traceLimits'
import { emptyDocument } from '../graph/document/schema'
import { SANDBOX_CSP, sandboxSrcdoc } from './sandboxHost'
import { checkTraceAnswer, isSuperseded, supersededResult, timeoutResult } from './traceAnswer'

describe('trace answers from the sandbox', () => {
  it('words the time limit error with the limit in seconds', () => {
    expect(timeoutResult(2000)).toEqual({
      ok: false,
      errors: [
        {
          message:
            'The code ran for more than 2 s and was stopped (an infinite loop?). The graph keeps the last code that ran.',
          line: 1,
          column: 1,
        },
      ],
    })
    expect(JSON.stringify(timeoutResult(1500))).toContain('more than 1.5 s')
  })

  it('accepts a well-formed result and turns anything else into an error', () => {
    const good = { ok: true, doc: emptyDocument('m'), nodeLines: { x: { start: 1, end: 1 } } }
    expect(checkTraceAnswer(good)).toEqual(good)
    const forged = checkTraceAnswer({
      ok: true,
      doc: { ...emptyDocument('m'), nodes: [{ id: 'class' }] },
      nodeLines: {},
    })
    expect(forged.ok).toBe(false)
    expect(checkTraceAnswer('hello').ok).toBe(false)
  })
})

describe('trace answers past the trace limits', () => {
  const node = (i: number) => ({ id: `n${i}`, type: 'relu', params: {}, position: { x: 0, y: 0 } })
  const refusedWith = (data: unknown) => {
    const r = checkTraceAnswer(data)
    if (r.ok) throw new Error('expected a refusal')
    return r.errors[0]?.message
  }

  it('refuses an error message longer than the limit, and more errors than the limit', () => {
    const long = { ok: false, errors: [{ message: 'x'.repeat(MAX_MESSAGE_LENGTH + 1), line: 1, column: 1 }] }
    expect(refusedWith(long)).toContain('not a trace result')
    const right = { ok: false, errors: [{ message: 'x'.repeat(MAX_MESSAGE_LENGTH), line: 1, column: 1 }] }
    expect(checkTraceAnswer(right)).toEqual(right)
    const many = {
      ok: false,
      errors: Array.from({ length: 21 }, () => ({ message: 'e', line: 1, column: 1 })),
    }
    expect(refusedWith(many)).toContain('more than a trace may make')
  })

  it('refuses a document with more layers than a trace may record, counting block bodies', () => {
    const doc = { ...emptyDocument('m'), nodes: Array.from({ length: MAX_NODES + 1 }, (_, i) => node(i)) }
    expect(refusedWith({ ok: true, doc, nodeLines: {} })).toContain('more than a trace may make')
    const half = Array.from({ length: MAX_NODES / 2 + 1 }, (_, i) => node(i))
    const block = {
      name: 'b',
      inputs: [],
      outputs: [{ name: 'o', node: 'n0', port: 'out' }],
      nodes: half,
      edges: [],
    }
    const split = { ...emptyDocument('m'), nodes: half, blocks: [block] }
    expect(refusedWith({ ok: true, doc: split, nodeLines: {} })).toContain('more than a trace may make')
  })

  it('refuses a document whose name is longer than a trace allows', () => {
    expect(refusedWith({ ok: true, doc: emptyDocument('m'.repeat(201)), nodeLines: {} })).toContain(
      'more than a trace may make',
    )
  })

  it('tells a superseded answer from a failure', () => {
    expect(isSuperseded(supersededResult())).toBe(true)
    expect(isSuperseded(timeoutResult(2000))).toBe(false)
  })
})

describe('sandboxSrcdoc', () => {
  it('holds the no-network CSP and a host script that parses as JavaScript', () => {
    const html = sandboxSrcdoc()
    expect(html).toContain(`content="${SANDBOX_CSP}"`)
    expect(SANDBOX_CSP).toContain("default-src 'none'")
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? ''
    expect(() => new Function(script)).not.toThrow()
  })
})
