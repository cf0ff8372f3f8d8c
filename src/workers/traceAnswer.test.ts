import { describe, expect, it } from 'vitest'
import { emptyDocument } from '../graph/document/schema'
import { SANDBOX_CSP, sandboxSrcdoc } from './sandboxHost'
import { checkTraceAnswer, timeoutResult } from './traceAnswer'

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

describe('sandboxSrcdoc', () => {
  it('holds the no-network CSP and a host script that parses as JavaScript', () => {
    const html = sandboxSrcdoc()
    expect(html).toContain(`content="${SANDBOX_CSP}"`)
    expect(SANDBOX_CSP).toContain("default-src 'none'")
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? ''
    expect(() => new Function(script)).not.toThrow()
  })
})
