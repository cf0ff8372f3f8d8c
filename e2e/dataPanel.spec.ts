import { expect, test } from '@playwright/test'
import { IdePage } from './pages/IdePage'
import { RunPanel } from './pages/RunPanel'

/** Two separable blobs of 2-D points as a CSV: `x0,x1,label` with labels `left`/`right`. */
function blobsCsv(rows: number): string {
  const lines = ['x0,x1,label']
  for (let i = 0; i < rows; i++) {
    const right = i % 2 === 1
    const x = (right ? 2 : -2) + Math.sin(i * 12.9898) * 0.6
    const y = Math.cos(i * 78.233) * 0.6
    lines.push(`${x.toFixed(4)},${y.toFixed(4)},${right ? 'right' : 'left'}`)
  }
  return `${lines.join('\n')}\n`
}

test('a built-in dataset shows its preview, and a misfit names the fix that one click applies', async ({
  page,
}) => {
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  await ide.open()
  const preview = run.data.getByTestId('data-preview')
  await run.chooseDataset('moons')
  await expect(preview).toHaveAttribute('data-kind', 'scatter')
  await expect(preview).toHaveAttribute('aria-label', /Scatter of \d+ points/)
  await expect(run.data.getByTestId('data-fit-ok')).toBeVisible()
  expect(await page.evaluate(() => window.triad.getDocument().training?.dataset)).toBe('moons')

  await run.chooseDataset('iris')
  await expect(preview).toHaveAttribute('data-kind', 'table')
  const fit = run.data.getByTestId('data-fit')
  await expect(fit).toContainText('4 features but the model input is [2]: set the Input shape to [4]')
  await fit.getByRole('button', { name: 'Set the Input shape to [4]' }).click()
  await expect(fit).toContainText(/3 classes/)
  await fit.getByRole('button', { name: /out_features to 3/ }).click()
  await expect(run.data.getByTestId('data-fit-ok')).toBeVisible()

  await run.chooseDataset('mnist')
  await expect(preview).toHaveAttribute('data-kind', 'images', { timeout: 15_000 })
  await expect(preview).toHaveAttribute('aria-label', /Grid of 32 images labelled \d/)
})

test('a malformed CSV names the row and the column, and nothing is imported', async ({ page }) => {
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  await ide.open()
  const before = await page.evaluate(() => window.triad.getDocument())
  await run.upload([
    { name: 'broken.csv', text: 'x0,x1,label\n0.1,0.2,a\n0.3,0.4,b\n0.5,0.6,a\n0.7,abc,b\n' },
  ])
  await expect(run.data.getByTestId('csv-import')).toBeVisible()
  await run.data.getByRole('button', { name: 'Import' }).click()
  const error = run.data.getByTestId('data-error')
  await expect(error).toContainText("broken.csv: row 5, column 'x1': 'abc' is not a number")
  expect(await page.evaluate(() => window.triad.getDocument())).toEqual(before)
  await expect(
    run.data.getByLabel('Dataset', { exact: true }).locator('option', { hasText: 'broken.csv' }),
  ).toHaveCount(0)
})

test('an uploaded CSV with text labels trains, and its validation accuracy shows', async ({ page }) => {
  test.setTimeout(60_000)
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  await ide.open()
  await run.upload([{ name: 'points.csv', text: blobsCsv(200) }])
  await expect(run.data.getByLabel('Role of column label')).toHaveValue('label')
  await run.data.getByRole('button', { name: 'Import' }).click()
  await expect(run.data.getByTestId('data-summary')).toContainText(
    'points.csv: 200 samples of [2] · 2 classes (left, right)',
  )
  await expect(run.data.getByTestId('data-preview')).toHaveAttribute('data-kind', 'scatter')
  await expect(run.data.getByTestId('data-fit-ok')).toBeVisible()
  await run.setSetting('Epochs', '20')
  expect(await page.evaluate(() => window.triad.getDocument().training?.epochs)).toBe(20)
  await run.button('Train').click()
  await run.waitForPhase('done')
  const view = await page.evaluate(() => window.triad.getRun())
  expect(view.status!.totalSteps).toBe(20 * Math.ceil(160 / Math.min(160, 32)))
  expect(view.validation.length).toBeGreaterThan(0)
  expect(view.validation.at(-1)!.accuracy).toBeGreaterThan(0.9)
  await expect(page.getByTestId('run-progress-text')).toContainText(
    `step ${view.status!.totalSteps} of ${view.status!.totalSteps}`,
  )
  await expect(page.getByTestId('accuracy-chart')).toHaveAttribute(
    'aria-label',
    /Validation accuracy: \d+\.\d%/,
  )
})

test('a learning rate of 1e6 with SGD pauses on NaN with a message to lower it, keeping finite weights', async ({
  page,
}) => {
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  await ide.open()
  await run.chooseOptimizer('sgd')
  await run.setSetting('Learning rate', '1e6')
  expect(await page.evaluate(() => window.triad.getDocument().training?.optimizer)).toEqual({
    type: 'sgd',
    lr: 1e6,
  })
  await run.button('Train').click()
  await run.waitForPhase('paused')
  expect((await run.runStatus())?.reason).toBe('non-finite-loss')
  await expect(run.alarm).toContainText(/NaN|Inf/)
  await expect(run.alarm).toContainText(/lower the learning rate/)
  const weights = await page.evaluate(async () => {
    const w = await window.triad.run.getWeights()
    return Object.values(w.params).flatMap((t) => Array.from(t.data))
  })
  expect(weights.length).toBeGreaterThan(0)
  expect(weights.every((v) => Number.isFinite(v))).toBe(true)
})
