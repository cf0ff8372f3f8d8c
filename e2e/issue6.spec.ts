import { expect, test } from '@playwright/test'
import { IdePage } from './pages/IdePage'
import { RunPanel } from './pages/RunPanel'
import { TaskViews } from './pages/TaskViews'

// Issue 6's acceptance, driven as a user drives the IDE: menus, fields, buttons, and the figures
// read from the run panel's text.

test('a new user trains the MNIST CNN template for one epoch to >= 90% validation accuracy, sees the held-out views and gets a drawn digit predicted', async ({
  page,
}) => {
  test.setTimeout(90_000)
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  const views = new TaskViews(page)
  await ide.open()
  await page.getByTestId('template-menu').click()
  await page.getByTestId('template-cnn-mnist').click()
  await expect(run.data.getByLabel('Dataset', { exact: true })).toHaveValue('mnist')
  // the mnist package's 10,000 digits, split 8,000 / 2,000; one epoch
  await run.setSetting('Validation %', '20')
  await run.setSetting('Epochs', '1')
  await run.button('Train').click()
  await run.waitForPhase('done', 75_000)

  const status = (await run.runStatus())!
  // one epoch of 8,000 digits at the template's batch size
  const batch = await page.evaluate(() => window.triad.getDocument().training!.batch_size)
  expect(status.totalSteps).toBe(Math.ceil(8000 / batch))
  expect(status.step).toBe(status.totalSteps)
  await expect(run.status).toHaveText(/^Done on (WebGPU|the CPU).*: step \d+ of \d+, epoch 1 of 1$/)
  await expect(run.validation).toHaveText(/^\d\.\d+ · \d+\.\d%$/)
  const accuracy = await run.validationAccuracy()
  test
    .info()
    .annotations.push({ type: 'validation accuracy', description: `${accuracy}% (${status.backend})` })
  expect(accuracy).toBeGreaterThanOrEqual(90)

  // the prediction grid and the confusion matrix of the 2,000 held-out digits, as of the last step
  await expect(views.heldOut).toHaveAttribute('data-step', String(status.step))
  await expect(views.grid).toBeVisible()
  await expect(views.samples).toHaveCount(36)
  await expect(views.confusion).toBeVisible()
  await expect(views.confusion).toHaveAttribute('data-total', '2000')
  const correct = Number(await views.confusion.getAttribute('data-correct'))
  expect(correct).toBeGreaterThanOrEqual(1800)

  // draw a "1": one vertical stroke; the model answers with a digit and its probability
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

test('the spirals MLP trained on WebGPU (SwiftShader) reaches >= 95% validation accuracy and its decision boundary is redrawn during training', async ({
  page,
}) => {
  test.setTimeout(90_000)
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  const views = new TaskViews(page)
  await ide.open()
  expect(await page.evaluate(() => window.triad.getDocument().metadata.template)).toBe('mlp-spirals')
  await run.chooseBackend('webgpu')
  await views.recordBoundaries()
  await run.button('Train').click()
  await run.waitForPhase('done', 75_000)

  const status = (await run.runStatus())!
  expect(status.backend).toBe('webgpu')
  await expect(run.status).toHaveText(/^Done on WebGPU \([^)]+\): step \d+ of \d+/)
  const accuracy = await run.validationAccuracy()
  test
    .info()
    .annotations.push({ type: 'validation accuracy', description: `${accuracy}% at step ${status.step}` })
  expect(accuracy).toBeGreaterThanOrEqual(95)

  // the picture changed at least twice while the model trained: new pictures at three or more
  // training steps before the last (a picture's step is the run's step when it was asked for)
  const pictures = await views.recordedBoundaries()
  test.info().annotations.push({ type: 'boundary pictures', description: JSON.stringify(pictures) })
  const during = pictures.filter((p) => p.step < status.step)
  expect(new Set(during.map((p) => p.step)).size).toBeGreaterThanOrEqual(3)
  expect(new Set(during.map((p) => p.hash)).size).toBeGreaterThanOrEqual(3)
  const steps = pictures.map((p) => p.step)
  expect(steps).toEqual([...steps].sort((a, b) => a - b))
})
