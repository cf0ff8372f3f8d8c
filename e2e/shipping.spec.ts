import { readFile } from 'node:fs/promises'
import { expect, test } from '@playwright/test'
import { IdePage } from './pages/IdePage'
import { loadSpirals, RunPanel } from './pages/RunPanel'
import { Shipping } from './pages/Shipping'

/** Trains the document in the page on the CPU backend and waits until the run is done. */
async function trainShort(
  page: import('@playwright/test').Page,
  run: RunPanel,
  steps: number,
): Promise<void> {
  await page.evaluate((n) => window.triad.run.train({ backend: 'cpu', steps: n }), steps)
  await run.waitForPhase('done', 30_000)
}

test('a trained spirals model ships as a bundle that verifies in the page, and rolls back to an earlier version', async ({
  page,
}) => {
  const ide = new IdePage(page)
  const run = new RunPanel(page)
  const ship = new Shipping(page)
  await ide.open()
  await loadSpirals(page, { optimizer: { type: 'adam', lr: 0.01 } })

  // first run: version 0.1.0
  await trainShort(page, run, 200)
  await ship.waitForVersions(1)
  await expect(ship.version('0.1.0')).toContainText('200 steps')

  // export it as a bundle from the dialog, which lists no export problems for this model
  await ship.openExportDialog()
  await ship.chooseFormat(/^Bundle/)
  await expect(ship.exportDialog.getByTestId('export-ready')).toBeVisible()
  const download = await ship.exportAndDownload()
  expect(download.suggestedFilename()).toBe('mlp-spirals-0.1.0.zip')
  const bytes = await readFile(await download.path())
  await expect(ship.exportDialog.getByTestId('export-message')).toContainText('weights from version 0.1.0')

  // verify the downloaded file in the page: hashes, then onnxruntime-web against Triad's outputs
  const verified = await page.evaluate((data) => window.triad.verifyBundle(data, 'download.zip'), [...bytes])
  expect(verified.version).toBe('0.1.0')
  expect(verified.samples).toBeGreaterThan(0)
  expect(verified.maxError).toBeLessThan(1e-4)
  // and through the dialog's own button
  await ship.exportDialog.getByRole('button', { name: 'Verify in browser' }).click()
  await expect(ship.exportDialog.getByTestId('verify-result')).toHaveAttribute('data-passed', 'true', {
    timeout: 20_000,
  })
  await expect(ship.exportDialog.getByTestId('verify-result')).toContainText(/Verified: mlp-spirals 0\.1\.0/)
  await ship.closeExportDialog()

  // a changed byte in the weights is caught, and the file is named
  const tampered = [...bytes]
  const name = Buffer.from('weights.safetensors')
  // the first occurrence is the local file header's name; the file's data follows it
  const at = bytes.indexOf(name) + name.length + 64
  tampered[at] = tampered[at]! ^ 0xff
  const refusal = await page.evaluate(
    (data) =>
      window.triad.verifyBundle(data).then(
        () => 'passed',
        (e: Error) => e.message,
      ),
    tampered,
  )
  expect(refusal).toContain('weights.safetensors')

  // second run with another learning rate: version 0.2.0, child of 0.1.0
  await loadSpirals(page, { optimizer: { type: 'adam', lr: 0.003 } })
  await trainShort(page, run, 200)
  await ship.waitForVersions(2)
  const summary = await page.evaluate(() => window.triad.versions.list())
  expect(summary.map((v) => [v.version, v.parent])).toEqual([
    ['0.1.0', null],
    ['0.2.0', '0.1.0'],
  ])

  // compare them side by side
  await ship.compare('0.1.0', '0.2.0')
  await expect(ship.compareDialog.getByTestId('setup-diff')).toContainText('optimizer.lr')
  await expect(ship.compareDialog.getByTestId('setup-diff')).toContainText('0.003')
  await expect(ship.compareDialog.getByTestId('graph-diff')).toContainText('Same graph')
  await expect(ship.compareDialog.getByTestId('compare-curves')).toHaveAttribute(
    'aria-label',
    /0\.1\.0 \(200 steps\), 0\.2\.0 \(200 steps\)/,
  )
  await page.keyboard.press('Escape')
  await expect(ship.compareDialog).toBeHidden()

  // roll back to 0.1.0: document and weights are the first version's
  await ship.rollBack('0.1.0')
  const after = await page.evaluate(async () => {
    const first = window.triad.versions.get('0.1.0')!
    const second = window.triad.versions.get('0.2.0')!
    const now = await window.triad.getModelWeights()
    const flat = (w: { params: Record<string, { data: Float32Array }> }) =>
      Object.keys(w.params)
        .sort()
        .flatMap((k) => [...w.params[k]!.data])
    return {
      docEqual: JSON.stringify(window.triad.getDocument()) === JSON.stringify(first.doc),
      lr: window.triad.getDocument().training?.optimizer.lr,
      from: now.from,
      weightsEqualFirst: JSON.stringify(flat(now.weights)) === JSON.stringify(flat(first.weights)),
      firstDiffersFromSecond: JSON.stringify(flat(first.weights)) !== JSON.stringify(flat(second.weights)),
      current: window.triad.versions.current(),
    }
  })
  expect(after).toEqual({
    docEqual: true,
    lr: 0.01,
    from: 'version 0.1.0',
    weightsEqualFirst: true,
    firstDiffersFromSecond: true,
    current: '0.1.0',
  })
  await expect(ship.version('0.1.0')).toHaveAttribute('data-current', 'true')
})

test('an ONNX file dropped on the canvas opens as an editable model with its weights; a damaged bundle is refused by name', async ({
  page,
}) => {
  const ide = new IdePage(page)
  await ide.open()
  const onnx = await page.evaluate(async () => [...(await window.triad.exportModel('onnx')).bytes])
  await page.evaluate((data) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([new Uint8Array(data)], 'spirals.onnx'))
    const canvas = document.querySelector('[data-testid="canvas"]')!
    for (const type of ['dragover', 'drop'])
      canvas.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }))
  }, onnx)
  await expect.poll(() => page.evaluate(() => window.triad.getDocument().name)).toBe('spirals')
  await expect(ide.node('hidden1')).toBeVisible()
  const from = await page.evaluate(async () => (await window.triad.getModelWeights()).from)
  expect(from).toBe('spirals.onnx')

  const bundle = Buffer.from(
    await page.evaluate(async () => [...(await window.triad.exportModel('bundle')).bytes]),
  )
  const name = Buffer.from('weights.safetensors')
  const at = bundle.indexOf(name) + name.length + 64
  bundle[at] = bundle[at]! ^ 0xff
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'spirals-0.0.0.zip',
    mimeType: 'application/zip',
    buffer: bundle,
  })
  await expect(page.getByTestId('open-errors')).toContainText('weights.safetensors')
  expect(await page.evaluate(() => window.triad.getDocument().name)).toBe('spirals')
})
