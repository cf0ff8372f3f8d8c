import { describe, expect, it } from 'vitest'
import type { ModelDocument } from '../document/schema'
import { mergeTracedDocument } from './mergeTrace'
import { type TraceResult, traceCode } from './traceCode'

function traced(source: string): {
  doc: ModelDocument
  nodeLines: Record<string, { start: number; end: number }>
} {
  const r = traceCode(source)
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r
}

function errorOf(r: TraceResult) {
  if (r.ok) throw new Error('expected the trace to fail')
  expect(r.errors).toHaveLength(1)
  return r.errors[0]!
}

const ids = (doc: { nodes: { id: string }[] }) => doc.nodes.map((n) => n.id)

/** A model body wrapped in the module around it; the body starts on line 3. */
const wrap = (body: string, head = '') => `import { model, block } from 'triad'
${head}export default model('m', (L) => {
${body}
})
`

describe('traceCode naming', () => {
  it('names each node by its binding and nested calls by their type, counting repeats', () => {
    const { doc } = traced(
      wrap(`  const x = L.input({ shape: [4] })
  const h = L.relu(L.relu(x))
  const y = L.dense(L.relu(h), { out_features: 2 })
  return { y }`),
    )
    expect(ids(doc)).toEqual(['x', 'relu', 'h', 'relu_1', 'y'])
    expect(doc.outputs).toEqual([{ name: 'y', node: 'y', port: 'out' }])
  })

  it('names the k-th repeat of a binding in a loop h_k', () => {
    const { doc } = traced(
      wrap(`  let h = L.input({ shape: [4] })
  for (let i = 0; i < 3; i++) h = L.relu(h)
  return { h }`),
    )
    expect(ids(doc)).toEqual(['h', 'h_1', 'h_2', 'h_3'])
    expect(doc.edges.map((e) => e.id)).toEqual(['h:out->h_1:x', 'h_1:out->h_2:x', 'h_2:out->h_3:x'])
    expect(doc.outputs[0]?.node).toBe('h_3')
  })

  it('prefixes nodes made in helper functions with the helper name and its call index', () => {
    const { doc } = traced(
      wrap(
        `  const x = L.input({ shape: [4] })
  const a = mlp(L, x)
  const b = mlp(L, a)
  return { b }`,
        `function mlp(L, x) {
  const hidden = L.dense(x, { out_features: 8 })
  return act(L, hidden)
}
const act = (L, x) =>
  L.relu(x)
`,
      ),
    )
    expect(ids(doc)).toEqual(['x', 'mlp_0_hidden', 'a', 'mlp_1_hidden', 'b'])
  })

  it('prefixes nested helpers with each level, and leaves a binding in the helper its own name', () => {
    const { doc } = traced(
      wrap(
        `  const x = L.input({ shape: [4] })
  outer(L, x)
  outer(L, x)
  return {}`,
        `const outer = (L, x) => { const o = inner(L, x); return L.relu(o) }
function inner(L, x) { const h = L.dense(x, { out_features: 2 }); return h }
`,
      ),
    )
    expect(ids(doc)).toEqual(['x', 'outer_0_inner_0_h', 'outer_0_relu', 'outer_1_inner_0_h', 'outer_1_relu'])
  })

  it('gives each node the lines of the statement that made it', () => {
    const { nodeLines } = traced(
      wrap(`  const x = L.input({ shape: [4] })
  const y = L.dense(L.relu(x), {
    out_features: 2,
  })
  return { y }`),
    )
    expect(nodeLines).toEqual({
      x: { start: 3, end: 3 },
      relu: { start: 4, end: 6 },
      y: { start: 4, end: 6 },
    })
  })
})

describe('traceCode on everyday JavaScript', () => {
  it('keeps the meaning of arrow object bodies, classes, destructuring, optional chaining and else branches', () => {
    const { doc } = traced(
      wrap(
        `  const x = L.input({ shape: [4] })
  const { a } = pair(L, x)
  const stack = new Stack(2)
  let h = stack.apply(L, a)
  if (h?.toString().length) h = L.relu(h)
  else h = L.dropout(h)
  const label = \`n=\${stack.depth}\`
  return { h }`,
        `const pair = (L, x) => ({ a: L.relu(x) })
class Stack {
  depth: number
  constructor(depth: number) { this.depth = depth }
  apply(L, x) { for (let i = 0; i < this.depth; i++) x = L.relu(x); return x }
}
`,
      ),
    )
    expect(ids(doc)).toEqual(['x', 'pair_0_relu', 'apply_0_x', 'apply_0_x_1', 'h'])
  })
})

describe('traceCode blocks and ports', () => {
  const source = wrap(
    `  const x = L.input({ shape: [4] })
  const r1 = pair(L, x, null)
  const r2 = pair(L, r1.sum, r1.h)
  const s = single(L, r2.h)
  return { s }`,
    `const pair = block('pair', (L, a, b) => {
  const h = L.relu(a)
  return { h, sum: L.add(h, b) }
})
const single = block('single', (L, x) => L.relu(x))
const unused = block('unused', (L, q) => q)
`,
  )

  it('records one node per block call and traces each block body once into doc.blocks', () => {
    const { doc } = traced(source)
    expect(doc.nodes.map((n) => [n.id, n.type, n.params])).toEqual([
      ['x', 'input', { shape: [4] }],
      ['r1', 'block', { block: 'pair' }],
      ['r2', 'block', { block: 'pair' }],
      ['s', 'block', { block: 'single' }],
    ])
    expect(doc.edges.map((e) => e.id)).toEqual(['x:out->r1:a', 'r1:sum->r2:a', 'r1:h->r2:b', 'r2:h->s:x'])
    expect(doc.blocks.map((b) => b.name)).toEqual(['pair', 'single', 'unused'])
    const pair = doc.blocks[0]!
    expect(pair.inputs).toEqual(['a', 'b'])
    expect(pair.nodes.slice(0, 2)).toEqual([
      { id: 'a', type: 'input', params: {}, position: { x: 0, y: 0 } },
      { id: 'b', type: 'input', params: {}, position: { x: 0, y: 0 } },
    ])
    expect(pair.outputs).toEqual([
      { name: 'h', node: 'h', port: 'out' },
      { name: 'sum', node: 'add', port: 'out' },
    ])
    expect(doc.blocks[1]?.outputs).toEqual([{ name: 'out', node: 'relu', port: 'out' }])
    expect(doc.blocks[2]?.outputs).toEqual([{ name: 'out', node: 'q', port: 'out' }])
  })

  it('traces functions with empty bodies, arrow or not, async or not', () => {
    const { doc } = traced(
      wrap(`  const noop = () => {}
  const later = async function () {}
  noop()
  void later
  const x = L.input({ shape: [1] })
  return { x }`),
    )
    expect(ids(doc)).toEqual(['x'])
  })

  it('leaves a port passed null unconnected', () => {
    const { doc } = traced(
      wrap(`  const q = L.input({ shape: [3, 8] })
  const v = L.input({ shape: [3, 8] })
  const attn = L.multiHeadAttention(q, null, v, { embed_dim: 8, num_heads: 2 })
  return { attn }`),
    )
    expect(doc.edges.filter((e) => e.target === 'attn').map((e) => e.targetPort)).toEqual(['query', 'value'])
  })

  it('does not treat shape errors as trace errors', () => {
    const r = traceCode(
      wrap(`  const x = L.input({ shape: [1, 28, 28] })
  return { y: L.dense(x, { in_features: 3, out_features: 2 }) }`),
    )
    expect(r.ok).toBe(true)
  })
})

describe('traceCode with edits', () => {
  it('changes just the edited node when a param is edited in code, keeping every position', () => {
    const before = wrap(`  const x = L.input({ shape: [4] })
  const h = L.dense(x, { out_features: 8 })
  const y = L.dense(h, { out_features: 2 })
  return { y }`)
    const first = traced(before).doc
    const laidOut = { ...first, nodes: first.nodes.map((n, i) => ({ ...n, position: { x: 100 * i, y: 7 } })) }
    const second = traced(before.replace('out_features: 8', 'out_features: 16')).doc
    const merged = mergeTracedDocument(laidOut, second)
    expect(merged.nodes).toEqual(
      laidOut.nodes.map((n) => (n.id === 'h' ? { ...n, params: { out_features: 16 } } : n)),
    )
    expect(merged.edges).toEqual(laidOut.edges)
  })
})

describe('traceCode errors', () => {
  it('locates a syntax error', () => {
    const e = errorOf(traceCode(wrap('  const x = L.input({ shape: [4] }\n  return {}')))
    expect(e.line).toBe(4)
    expect(e.message).toMatch(/Unexpected token|expected/)
  })

  it('names an unknown param with a suggestion, at its line', () => {
    const e = errorOf(
      traceCode(
        wrap(`  const x = L.input({ shape: [4] })
  const y = L.dense(x, { out_feature: 2 })
  return { y }`),
      ),
    )
    expect(e.message).toContain('out_feature: did you mean out_features?')
    expect(e).toMatchObject({ line: 4 })
  })

  it('rejects a bad param value with what the param accepts', () => {
    const e = errorOf(traceCode(wrap("  const x = L.input({ shape: [4], dtype: 'float16' })\n  return {}")))
    expect(e.message).toBe(
      "Invalid dtype for L.input: expected one of 'float32', 'int64', got the string 'float16'.",
    )
    expect(e.line).toBe(3)
  })

  it('names an unknown layer with a suggestion', () => {
    const e = errorOf(
      traceCode(wrap('  const x = L.input({ shape: [4] })\n  const y = L.Relu(x)\n  return {}')),
    )
    expect(e.message).toBe('Unknown layer L.Relu: did you mean L.relu?')
    expect(e.line).toBe(4)
  })

  it('rejects a non-tensor input and says which argument it is', () => {
    const e = errorOf(traceCode(wrap('  const y = L.relu(3)\n  return {}')))
    expect(e.message).toBe(
      'argument 1 (x) of L.relu must be a Tensor (or null to leave it unconnected), got the number 3.',
    )
    expect(e.line).toBe(3)
  })

  it('rejects a block called with a non-tensor argument, and one called without L', () => {
    const head = "const b = block('b', (L, x) => L.relu(x))\n"
    const extra = errorOf(
      traceCode(wrap('  const x = L.input({ shape: [4] })\n  const y = b(L, x, 16)\n  return {}', head)),
    )
    expect(extra.message).toContain('takes tensors only')
    expect(extra.line).toBe(5)
    const noL = errorOf(
      traceCode(wrap('  const x = L.input({ shape: [4] })\n  const y = b(x)\n  return {}', head)),
    )
    expect(noL.message).toBe('Call a block with L first: b(L, x).')
  })

  it('locates errors thrown by user code, Error or not, and keeps TypeScript columns', () => {
    const thrown = errorOf(
      traceCode(wrap("  const x = L.input({ shape: [4] })\n  throw new Error('no data')")),
    )
    expect(thrown).toMatchObject({ message: 'no data', line: 4 })
    const str = errorOf(traceCode(wrap("  const x = L.input({ shape: [4] })\n  if (x) throw 'oops'")))
    expect(str).toMatchObject({ message: 'Uncaught "oops"', line: 4, column: 10 })
    const typed = errorOf(traceCode(wrap('  const n: number = 1; const q = (undefined as any).foo')))
    expect(typed.message).toMatch(/^TypeError/)
    // Column of `foo` in the TypeScript (the compiled JavaScript has no `: number` and `as any`).
    expect(typed).toMatchObject({ line: 3, column: 53 })
  })

  it('asks for the default export and refuses other imports', () => {
    expect(errorOf(traceCode("import { model } from 'triad'\nmodel('m', (L) => ({}))\n")).message).toContain(
      'export default model',
    )
    const other = errorOf(traceCode("import fs from 'fs'\nfs.readFileSync('/etc/passwd')\n"))
    expect(other).toMatchObject({
      message: 'Only \'triad\' can be imported in model code, not "fs".',
      line: 1,
    })
  })

  it('checks the training setup and its optimizer', () => {
    const head = "import { fit, adam } from 'triad'\n"
    const r = traceCode(
      `${wrap('  return {}', head)}export const training = fit({ loss: 'mse', optimizer: adam({ lr: 0.1, momentum: 0.9 }), batch_size: 8, epochs: 1 })\n`,
    )
    expect(errorOf(r)).toMatchObject({ message: expect.stringContaining('Unknown option momentum'), line: 6 })
  })
})
