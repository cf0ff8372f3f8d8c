import { expect, test } from '@playwright/test'
import { IdePage } from './pages/IdePage'
import { modelWeights, Projects, runWeights } from './pages/Projects'
import { loadSpirals, RunPanel } from './pages/RunPanel'

// Projects live in the browser's IndexedDB: these specs reload real pages over real storage.

test('a page closed mid-training reopens with its graph, code, checkpoint weights and run history', async ({
  page,
}) => {
  test.setTimeout(60_000)
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  const projects = new Projects(page)
  await ide.open()
  await loadSpirals(page, { epochs: 100_000 })
  // an edit made the way a user makes it
  await ide.select('hidden1')
  await ide.setParam('out_features', '20')
  await ide.select('hidden2')
  await ide.setParam('in_features', '20')
  await expect.poll(() => ide.code()).toContain('out_features: 20')

  // a short finished run is the history: version 0.1.0
  await page.evaluate(() => window.triad.run.train({ backend: 'cpu', steps: 40 }))
  await expect.poll(() => page.evaluate(() => window.triad.versions.list().length)).toBe(1)

  // a long run, checkpointed while it trains; pausing saves one more checkpoint
  await page.evaluate(() => window.triad.run.train({ backend: 'cpu' }))
  await run.waitForPhase('training')
  await projects.waitForCheckpointAfter(0)
  await run.button('Pause').click()
  await run.waitForPhase('paused')
  const pausedAt = (await run.runStatus())!.step
  await expect(projects.saveStatus).toHaveAttribute('data-checkpoint-step', String(pausedAt))
  const stored = await projects.storedWeights()
  expect(stored?.step).toBe(pausedAt)
  expect(stored?.params).toEqual(await runWeights(page))

  // training goes on; a later checkpoint is saved; then the page goes away mid-training
  await run.button('Resume').click()
  await run.waitForPhase('training')
  const later = await projects.waitForCheckpointAfter(pausedAt)
  const before = {
    doc: await page.evaluate(() => window.triad.getDocument()),
    code: await ide.code(),
  }
  expect((await run.runStatus())?.phase).toBe('training')
  await page.reload()
  await ide.open()

  await expect(projects.message).toContainText(/Restored mlp-spirals \(saved \d\d:\d\d:\d\d\)/)
  expect(await page.evaluate(() => window.triad.getDocument())).toEqual(before.doc)
  expect(await ide.code()).toBe(before.code)
  await expect(ide.node('hidden1')).toBeVisible()
  // the weights are the last saved checkpoint's, bit for bit, and the next run starts from them
  const saved = await projects.storedWeights()
  expect(saved?.step).toBeGreaterThanOrEqual(later)
  expect(saved?.params).not.toEqual(stored?.params)
  const restored = await modelWeights(page)
  expect(restored.from).toBe(`the checkpoint of step ${saved?.step}`)
  expect(restored.params).toEqual(saved?.params)
  // the run history: the finished version and the curve of the interrupted run
  expect(await page.evaluate(() => window.triad.versions.list().map((v) => v.version))).toEqual(['0.1.0'])
  expect(await page.evaluate(() => window.triad.getRun().curve.steps.length)).toBeGreaterThan(0)
})

test('projects are created, renamed, duplicated, opened, deleted, exported and imported from the list', async ({
  page,
}) => {
  const ide = new IdePage(page)
  const projects = new Projects(page)
  await ide.open()
  await projects.create('cnn-mnist')
  await expect.poll(() => page.evaluate(() => window.triad.getDocument().metadata.template)).toBe('cnn-mnist')
  expect(await projects.names()).toEqual(['cnn-mnist', 'mlp-spirals'])

  await projects.rename('mlp-spirals', 'spirals v1')
  await projects.duplicate('spirals v1')
  await expect(projects.row('spirals v1 copy')).toBeVisible()
  await projects.open('spirals v1')
  await expect.poll(() => page.evaluate(() => window.triad.getDocument().name)).toBe('spirals v1')
  await expect(ide.node('hidden1')).toBeVisible()
  await projects.remove('spirals v1 copy')
  expect((await projects.names()).sort()).toEqual(['cnn-mnist', 'spirals v1'])

  const file = await projects.exportFile('cnn-mnist')
  expect(file.fileName).toBe('cnn-mnist.triad-project.json')
  await projects.importFile(file.fileName, file.text)
  await expect(projects.dialog).toBeHidden()
  await expect(projects.message).toContainText('Imported cnn-mnist copy')
  expect(await page.evaluate(() => window.triad.getDocument().name)).toBe('cnn-mnist copy')

  // the list survives a reload, and the project open last is the one reopened
  await page.reload()
  await ide.open()
  expect(await page.evaluate(() => window.triad.getDocument().name)).toBe('cnn-mnist copy')
  expect((await projects.names()).sort()).toEqual(['cnn-mnist', 'cnn-mnist copy', 'spirals v1'])
})

test('full storage is named with its fix, and the edit stays in the page', async ({ page }) => {
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put
    IDBObjectStore.prototype.put = function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if ((window as unknown as { __storageFull?: boolean }).__storageFull)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      return put.apply(this, args)
    }
  })
  const ide = new IdePage(page)
  const projects = new Projects(page)
  await ide.open()
  await page.evaluate(() => {
    ;(window as unknown as { __storageFull?: boolean }).__storageFull = true
  })
  await ide.select('hidden1')
  await ide.setParam('out_features', '24')
  await expect(projects.message).toContainText(/storage .* is full \(QuotaExceededError\)/)
  await expect(projects.message).toContainText(/export the project file/)
  await expect(projects.saveStatus).toHaveAttribute('data-status', 'error')
  expect(
    await page.evaluate(
      () => window.triad.getDocument().nodes.find((n) => n.id === 'hidden1')?.params.out_features,
    ),
  ).toBe(24)
})
