import { readFile } from 'node:fs/promises'
import { expect, test } from '@playwright/test'
import { IdePage } from './pages/IdePage'

test('saves a document to a file and opens it again unchanged', async ({ page }) => {
  const ide = new IdePage(page)
  await ide.open()
  await ide.select('hidden1')
  await ide.setParam('out_features', '20')
  const saved = await page.evaluate(() => window.triad.getDocument())

  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Save' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe('mlp-spirals.triad.json')
  const path = await download.path()
  const text = await readFile(path, 'utf8')

  // Start over from another template, then open the saved file.
  await page.getByTestId('template-menu').click()
  await page.getByTestId('template-cnn-mnist').click()
  await expect(ide.node('hidden1')).toHaveCount(0)
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'mlp-spirals.triad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  })
  await expect(ide.node('hidden1')).toBeVisible()
  const reopened = await page.evaluate(() => window.triad.getDocument())
  expect({ ...reopened, metadata: {} }).toEqual({ ...saved, metadata: {} })
  expect(reopened.nodes.find((n) => n.id === 'hidden1')?.params.out_features).toBe(20)
})

test('a malformed file is refused with the JSON path of each problem and the open model is kept', async ({
  page,
}) => {
  const ide = new IdePage(page)
  await ide.open()
  const before = await ide.documentNodeIds()
  const bad = {
    schemaVersion: 1,
    name: 'bad',
    nodes: [{ id: 'd', type: 'dense', params: { out_features: 'ten' }, position: { x: 0, y: 0 } }],
    edges: [],
    outputs: [],
    blocks: [],
    metadata: {},
  }
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'bad.triad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bad)),
  })
  await expect(page.getByTestId('open-errors')).toContainText('nodes[0].params.out_features')
  expect(await ide.documentNodeIds()).toEqual(before)
})

test('a document opened from a file shows its code without running it until the user chooses to', async ({
  page,
}) => {
  const ide = new IdePage(page)
  await ide.open()
  const doc = await page.evaluate(() => window.triad.getDocument())
  const code =
    "import { model } from 'triad'\nexport default model('m', (L) => {\n  const point = L.input({ shape: [3] })\n  return { point }\n})\n"
  const file = { ...doc, name: 'shared', code }
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'shared.triad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(file)),
  })
  await expect(page.getByText(/has not been run/)).toBeVisible()
  // Shown, not run: the graph is the file's graph, not the code's.
  expect(await ide.documentNodeIds()).toEqual(doc.nodes.map((n) => n.id))
  await page.getByRole('button', { name: 'Run code' }).click()
  await expect.poll(() => ide.documentNodeIds()).toEqual(['point'])
})
