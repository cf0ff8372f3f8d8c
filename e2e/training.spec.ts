import { expect, test } from '@playwright/test'
import { IdePage } from './pages/IdePage'
import { loadSpirals, RunPanel } from './pages/RunPanel'

/** Long tasks (> 50 ms) on the page's main thread, recorded from the first script on. */
declare global {
  interface Window {
    __longTasks: { start: number; duration: number }[]
  }
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    window.__longTasks = []
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration })
    }).observe({ type: 'longtask', buffered: true })
  })
})

// The backend is the user's default, `auto`: WebGPU on a hardware adapter, the faster of the two on a
// software one. On SwiftShader the CPU backend wins by far, and WebGPU's emulation there runs on the same
// two cores as the page: a 7.5 ms Monaco idle task was measured taking 69 ms of wall time under it.
test('spirals trains in the engine worker for 10 s with no long task on the main thread', async ({
  page,
}) => {
  test.setTimeout(90_000)
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  await ide.open()
  await loadSpirals(page, { epochs: 100_000 })
  await run.button('Train').click()
  await run.waitForPhase('training')
  await run.waitForStep(1)
  const t0 = await page.evaluate(() => performance.now())
  const before = await page.evaluate(() => ({
    step: window.triad.getRun().status!.step,
    events: window.triad.getRun().metricsEvents,
  }))
  await page.waitForTimeout(10_000)
  const after = await page.evaluate((since) => {
    const run = window.triad.getRun()
    return {
      step: run.status!.step,
      phase: run.status!.phase,
      backend: run.status!.backend,
      backendReason: run.status!.backendReason,
      events: run.metricsEvents,
      elapsed: performance.now() - since,
      longTasks: window.__longTasks.filter((t) => t.start >= since),
      losses: run.curve.losses,
    }
  }, t0)
  await run.button('Stop').click()
  await run.waitForPhase('stopped')

  expect(after.phase).toBe('training')
  // auto names what it chose and why
  expect(['webgpu', 'cpu']).toContain(after.backend)
  expect(after.backendReason).toBeTruthy()
  expect(after.step - before.step).toBeGreaterThan(100)
  // metrics stream at >= 10 Hz while training
  expect((after.events - before.events) / (after.elapsed / 1000)).toBeGreaterThanOrEqual(10)
  expect(after.longTasks).toEqual([])
  // it learns: the mean of the last 50 losses is well under the first 50's
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  expect(mean(after.losses.slice(-50))).toBeLessThan(0.6 * mean(after.losses.slice(0, 50)))
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('aria-label', /Loss curve: \d+ steps/)
})

test('a loss that turns NaN pauses the run, says why and how to fix it, and keeps the last good weights', async ({
  page,
}) => {
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  await ide.open()
  await loadSpirals(page, { optimizer: { type: 'sgd', lr: 1e30 }, epochs: 50 })
  const before = await page.evaluate(() => window.triad.getDocument())
  await run.chooseBackend('webgpu')
  await run.button('Train').click()
  await run.waitForPhase('paused')
  const status = await run.runStatus()
  expect(status?.reason).toBe('non-finite-loss')
  await expect(run.alarm).toContainText(/NaN|Inf/)
  await expect(run.alarm).toContainText(/lr|learning rate/)
  const weights = await page.evaluate(async () => {
    const w = await window.triad.run.getWeights()
    return Object.values(w.params).flatMap((t) => Array.from(t.data))
  })
  expect(weights.length).toBeGreaterThan(0)
  expect(weights.every((v) => Number.isFinite(v))).toBe(true)
  // the step count is the last good step's, and the model the user made is untouched
  expect(status!.step).toBeGreaterThanOrEqual(0)
  expect(await page.evaluate(() => window.triad.getDocument())).toEqual(before)
  await expect(run.button('Resume')).toBeEnabled()
})

test('a lost GPU device is recreated and the run resumes from its last checkpoint', async ({ page }) => {
  test.setTimeout(90_000)
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  await ide.open()
  await loadSpirals(page, { epochs: 100_000 })
  await page.evaluate(() => window.triad.run.train({ backend: 'webgpu', checkpointEvery: 50 }))
  await run.waitForStep(120)
  const lostAt = (await run.runStatus())!.step
  await page.evaluate(() => window.triad.run.loseDevice())
  await page.waitForFunction(
    () => window.triad.getRun().log.some((e) => e.phase === 'recovering' || e.reason === 'device-lost'),
    undefined,
    { timeout: 30_000 },
  )
  await run.waitForPhase('training')
  await run.waitForStep(lostAt + 100, 60_000)
  const view = await page.evaluate(() => window.triad.getRun())
  const recovery = view.log.find((e) => e.phase === 'recovering')
  expect(recovery?.message).toMatch(/device/i)
  // it resumed from a checkpoint taken at or before the loss, not from step 0
  expect(view.status!.checkpointStep).toBeGreaterThan(0)
  expect(view.status!.backend).toBe('webgpu')
  await run.button('Stop').click()
  await run.waitForPhase('stopped')
})

test('a model too big for the device is refused with what it needs and the fix, and the model stays', async ({
  page,
}) => {
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  await ide.open()
  await loadSpirals(page)
  await page.evaluate(() => {
    const doc = window.triad.getDocument()
    const nodes = doc.nodes.map((n) =>
      n.id === 'hidden1'
        ? { ...n, params: { ...n.params, out_features: 60_000 } }
        : n.id === 'hidden2'
          ? { ...n, params: { ...n.params, in_features: 60_000, out_features: 60_000 } }
          : n.id === 'logits'
            ? { ...n, params: { ...n.params, in_features: 60_000 } }
            : n,
    )
    window.triad.loadDocument({ ...doc, nodes })
  })
  const before = await page.evaluate(() => window.triad.getDocument())
  await run.chooseBackend('webgpu')
  await run.button('Train').click()
  await run.waitForPhase('failed')
  expect((await run.runStatus())?.reason).toBe('out-of-memory')
  await expect(run.alarm).toContainText(/GB|MB/)
  await expect(run.alarm).toContainText(/reduce|smaller/i)
  expect(await page.evaluate(() => window.triad.getDocument())).toEqual(before)
  await expect(run.button('Train')).toBeEnabled()
})
