import { describe, expect, it } from 'vitest'
import { type TraceResult, traceCode } from './traceCode'
import { MAX_MESSAGE_LENGTH, MAX_NODES, truncateMessage } from './traceLimits'

/** A model body wrapped in the module around it; the body starts on line 3. */
const wrap = (body: string, head = '') => `import { block, model } from 'triad'
${head}export default model('m', (L) => {
${body}
})
`

function onlyError(r: TraceResult) {
  if (r.ok) throw new Error('expected the trace to fail')
  expect(r.errors).toHaveLength(1)
  return r.errors[0]!
}

describe('trace limits', () => {
  it('stops a loop making 10,000 layers at the layer cap, with an error at the loop line', () => {
    const error = onlyError(
      traceCode(
        wrap(`  let h = L.input({ shape: [4] })
  for (let i = 0; i < 10000; i++) h = L.relu(h)
  return { h }`),
      ),
    )
    expect(error.message).toBe(
      `The model has more than ${MAX_NODES} layers: tracing stopped at this call (a loop that runs too often?).`,
    )
    expect(error.line).toBe(4)
  })

  it('counts the layers of block bodies toward the same cap', () => {
    const blocks = Array.from(
      { length: 21 },
      (_, i) => `const b${i} = block('b${i}', (L, x) => {
  let h = x
  for (let i = 0; i < 99; i++) h = L.relu(h)
  return h
})
`,
    ).join('')
    const error = onlyError(traceCode(wrap('  return { x: L.input({ shape: [4] }) }', blocks)))
    expect(error.message).toContain(`more than ${MAX_NODES} layers`)
  })

  it('traces a model right at the cap', () => {
    const r = traceCode(
      wrap(`  let h = L.input({ shape: [4] })
  for (let i = 1; i < ${MAX_NODES}; i++) h = L.relu(h)
  return { h }`),
    )
    expect(r.ok && r.doc.nodes.length).toBe(MAX_NODES)
  })

  it('refuses layer names grown past 200 characters by deeply nested helpers', () => {
    const error = onlyError(
      traceCode(
        wrap(
          `  return { y: deep(L, L.input({ shape: [4] }), 60) }`,
          `function deep(L, x, n) {
  return n === 0 ? L.relu(x) : deep(L, x, n - 1)
}
`,
        ),
      ),
    )
    expect(error.message).toMatch(/^A layer name would be longer than 200 characters \(deep_0_deep_0_/)
  })

  it('cuts a huge thrown message to the message limit', () => {
    const error = onlyError(traceCode(wrap("  throw new Error('x'.repeat(1e6))")))
    expect(error.message).toHaveLength(MAX_MESSAGE_LENGTH)
    expect(error.message.endsWith('…')).toBe(true)
    expect(error.line).toBe(3)
  })

  it('refuses a computed model name of a million characters', () => {
    const r = traceCode(`import { model } from 'triad'
export default model('m'.repeat(1e6), (L) => ({ x: L.input({ shape: [1] }) }))
`)
    expect(onlyError(r).message).toMatch(
      /^model\(name, build\): the name must be a non-empty string of at most 200/,
    )
    expect(onlyError(r).message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH)
  })

  it('truncates only what is longer than the limit', () => {
    expect(truncateMessage('short', 10)).toBe('short')
    expect(truncateMessage('0123456789abc', 10)).toBe('012345678…')
  })
})
