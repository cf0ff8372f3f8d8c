import { expect, type Page, test } from '@playwright/test'

/**
 * The code sandbox in real Chromium, on the built app (`vite build` + `vite preview`, COOP/COEP
 * on): model code is traced in a worker inside a sandboxed, opaque-origin iframe, with no
 * network and a time limit. Driven through `sandbox-test.html`, which puts a trace client on
 * `window.triadTrace`.
 */

interface TraceAnswer {
  ok: boolean
  doc?: { name: string; nodes: { id: string; type: string }[] }
  errors?: { message: string; line: number; column: number }[]
}

const GOOD = `import { model } from 'triad'

export default model('mlp', (L) => {
  const x = L.input({ shape: [4] })
  const h = L.relu(L.dense(x, { out_features: 8 }))
  return { y: L.dense(h, { out_features: 2 }) }
})
`

/** Model code whose second statement is `statement`. */
const modelRunning = (statement: string) => `import { model } from 'triad'

export default model('m', (L) => {
  const x = L.input({ shape: [4] })
  ${statement}
  return { x }
})
`

async function openSandboxPage(page: Page) {
  await page.goto('/sandbox-test.html')
  await expect(page.getByRole('status')).toHaveText('ready')
}

function trace(page: Page, code: string, timeoutMs?: number): Promise<TraceAnswer> {
  return page.evaluate(
    ([c, t]) =>
      (window as unknown as { triadTrace(code: string, t?: number): Promise<TraceAnswer> }).triadTrace(
        c as string,
        t as number | undefined,
      ),
    [code, timeoutMs] as const,
  )
}

test.describe('the code sandbox', () => {
  test('traces good code into a document, from an opaque-origin iframe', async ({ page }) => {
    await openSandboxPage(page)
    const answer = await trace(page, GOOD)
    expect(answer.ok).toBe(true)
    expect(answer.doc?.name).toBe('mlp')
    expect(answer.doc?.nodes.map((n) => n.id)).toEqual(['x', 'dense', 'h', 'dense_1'])
    const frame = page.getByTestId('trace-sandbox')
    await expect(frame).toHaveAttribute('sandbox', 'allow-scripts')
    // The worker's origin is opaque: model code sees the origin "null".
    const origin = await trace(page, modelRunning("throw new Error('origin=' + self.origin)"))
    expect(origin.errors?.[0]?.message).toBe('origin=null')
  })

  test('stops an infinite loop within the time limit and traces again afterwards', async ({ page }) => {
    await openSandboxPage(page)
    await trace(page, GOOD)
    const started = Date.now()
    const answer = await trace(page, modelRunning('while (true) {}'))
    const elapsed = Date.now() - started
    expect(answer.ok).toBe(false)
    expect(answer.errors?.[0]?.message).toBe(
      'The code ran for more than 2 s and was stopped (an infinite loop?). The graph keeps the last code that ran.',
    )
    // The brief asks for "within ~3 s"; a loose bound keeps a loaded machine from flaking.
    expect(elapsed).toBeLessThan(6000)
    const again = await trace(page, GOOD)
    expect(again.ok).toBe(true)
  })

  test('blocks network and storage with a clear error, and sends no request', async ({ page }) => {
    await openSandboxPage(page)
    // The first trace loads the tracer and starts its worker; requests are counted after it.
    await trace(page, GOOD)
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    const fetched = await trace(page, modelRunning("fetch('/')"))
    expect(fetched.errors?.[0]).toMatchObject({
      message: 'fetch is blocked: model code runs sandboxed, without network or storage access.',
      line: 5,
    })
    const viaPrototype = await trace(page, modelRunning("Object.getPrototypeOf(self).fetch.call(self, '/')"))
    expect(viaPrototype.errors?.[0]?.message).toContain('fetch is blocked')
    const xhr = await trace(page, modelRunning("new XMLHttpRequest().open('GET', '/')"))
    expect(xhr.errors?.[0]?.message).toContain('XMLHttpRequest is blocked')
    const db = await trace(page, modelRunning("indexedDB.open('x')"))
    expect(db.errors?.[0]).toMatchObject({
      message: 'indexedDB is blocked: model code runs sandboxed, without network or storage access.',
      line: 5,
    })
    const storage = await trace(page, modelRunning('navigator.storage.estimate()'))
    expect(storage.errors?.[0]?.message).toContain('navigator.storage is blocked')
    expect(requests).toEqual([])
    const again = await trace(page, GOOD)
    expect(again.ok).toBe(true)
  })

  test('reports a located error for bad model code', async ({ page }) => {
    await openSandboxPage(page)
    const answer = await trace(page, modelRunning('const y = L.dense(x, { out_feature: 2 })'))
    expect(answer.errors?.[0]).toMatchObject({ line: 5 })
    expect(answer.errors?.[0]?.message).toContain('out_feature: did you mean out_features?')
  })
})
