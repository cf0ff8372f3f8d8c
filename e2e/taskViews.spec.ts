import { expect, test } from '@playwright/test'
import { IdePage } from './pages/IdePage'
import { loadSpirals, RunPanel } from './pages/RunPanel'
import { loadMnistMlp, TaskViews } from './pages/TaskViews'

test('the spirals decision boundary is redrawn while the model trains', async ({ page }) => {
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  const views = new TaskViews(page)
  await ide.open()
  await loadSpirals(page, { epochs: 100_000 })
  await run.chooseBackend('cpu')
  await run.button('Train').click()
  await run.waitForPhase('training')
  await views.waitForNewBoundary('')
  const first = await views.boundaryPicture()
  await run.waitForStep(first.step + 300)
  await views.waitForNewBoundary(first.hash)
  const second = await views.boundaryPicture()
  expect(second.step).toBeGreaterThan(first.step)
  expect(second.label).toMatch(/^Decision boundary at step \d+: \d+% class \d, \d+% class \d$/)
  await run.button('Stop').click()
  await run.waitForPhase('stopped')
  // the picture settles on the stopped weights
  await expect(views.boundary).toHaveAttribute('data-step', /\d+/)
  await expect(views.root).not.toContainText(/error/i)
})

test('an MNIST run shows held-out predictions, a confusion matrix and predicts a drawn digit', async ({
  page,
}) => {
  test.setTimeout(60_000)
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  const views = new TaskViews(page)
  await ide.open()
  await page.getByTestId('template-menu').click()
  await page.getByTestId('template-cnn-mnist').click()
  await loadMnistMlp(page, { epochs: 2 })
  await run.chooseBackend('cpu')
  await run.button('Train').click()
  await run.waitForPhase('done', 45_000)

  // held-out samples, mistakes first, and the confusion matrix of the whole held-out split, as of the last step
  const last = (await run.runStatus())!.step
  await expect(views.heldOut).toHaveAttribute('data-step', String(last))
  await expect(views.samples).toHaveCount(36)
  await expect(views.grid).toBeVisible()
  await expect(views.confusion).toHaveAttribute('data-total', '1000')
  const correct = Number(await views.confusion.getAttribute('data-correct'))
  expect(correct).toBeGreaterThan(800)
  // mistakes first: as many as there are (up to the 36 shown), and none after the first right answer
  const flags = await views.samples.evaluateAll((els) => els.map((e) => e.getAttribute('data-mistake')))
  const shownMistakes = flags.filter((f) => f === 'true').length
  expect(shownMistakes).toBe(Math.min(36, 1000 - correct))
  expect(flags.slice(0, shownMistakes).every((f) => f === 'true')).toBe(true)
  await expect(views.cell(3, 3)).toHaveAccessibleName(/^true 3, predicted 3: \d+$/)
  const diagonal = await views.confusion
    .locator('td')
    .evaluateAll((tds) =>
      tds
        .filter((td) => /^confusion-cell-(\d)-\1$/.test(td.dataset.testid ?? ''))
        .map((td) => Number(td.textContent)),
    )
  expect(diagonal.reduce((a, b) => a + b, 0)).toBe(correct)

  // draw a "1": one vertical stroke; the model answers with a class and its probabilities
  await views.draw([
    [
      [0.5, 0.15],
      [0.5, 0.5],
      [0.5, 0.85],
    ],
  ])
  await expect(views.digitPrediction).toHaveText(/^Prediction: \d \(\d+\.\d%\)$/)
  await expect(views.digitPrediction).toHaveAttribute('data-class', '1')
})

test('a tabular model (iris) gets a confusion matrix and number inputs to try', async ({ page }) => {
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  const views = new TaskViews(page)
  await ide.open()
  await page.evaluate(() => {
    const doc = window.triad.getDocument()
    const nodes = doc.nodes.map((n) =>
      n.id === 'point'
        ? { ...n, params: { ...n.params, shape: [4] } }
        : n.id === 'hidden1'
          ? { ...n, params: { ...n.params, in_features: 4 } }
          : n.id === 'logits'
            ? { ...n, params: { ...n.params, out_features: 3 } }
            : n,
    )
    window.triad.loadDocument({ ...doc, nodes, training: { ...doc.training!, dataset: 'iris', epochs: 40 } })
  })
  await run.chooseBackend('cpu')
  await run.button('Train').click()
  await run.waitForPhase('done')
  await expect(views.confusion).toHaveAttribute('data-total', '30')
  await expect(views.root.getByRole('spinbutton')).toHaveCount(4)
  const answer = page.getByTestId('playground-prediction')
  await expect(answer).toHaveText(/^Prediction: \S+ \(\d+\.\d%\)$/)
  // a small flower (petal 1.4 cm long, 0.2 wide) is a setosa
  await views.root.getByRole('spinbutton', { name: 'petal_length' }).fill('1.4')
  await views.root.getByRole('spinbutton', { name: 'petal_width' }).fill('0.2')
  await views.root.getByRole('spinbutton', { name: 'sepal_length' }).fill('5.0')
  await views.root.getByRole('spinbutton', { name: 'sepal_width' }).fill('3.4')
  await expect(answer).toContainText('setosa')
})
