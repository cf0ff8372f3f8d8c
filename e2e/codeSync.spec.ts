import { expect, test } from '@playwright/test'
import { IdePage } from './pages/IdePage'
import { expectServerSeesPageRequest, seedProjectsDatabase, startProbeServer } from './sandboxProbes'

/** Model code whose third line is `statement` (so an error in it is on line 3). */
const modelRunning = (statement: string) =>
  `import { model } from 'triad'\nexport default model('probe', (L) => {\n  ${statement}\n  const x = L.input({ shape: [2] })\n  return { x }\n})\n`

test.describe('code and graph stay in sync', () => {
  let ide: IdePage

  test.beforeEach(async ({ page }) => {
    ide = new IdePage(page)
    await ide.open()
  })

  test('a param changed in the inspector rewrites the code', async () => {
    await ide.select('hidden1')
    await ide.setParam('out_features', '24')
    await expect(ide.codeEditor.locator('.view-lines')).toContainText('out_features: 24')
    expect(await ide.code()).toContain('const hidden1 = L.dense(point, { in_features: 2, out_features: 24 })')
    // The downstream layer now shows the mismatch its code would have.
    await expect(ide.node('hidden2').locator('.layer-node')).toHaveClass(/has-error/)
  })

  test('a layer typed into the code appears on the canvas, wired, and old nodes keep their place', async () => {
    const before = await ide.node('act1').boundingBox()
    const code = await ide.code()
    const edited = code.replace(
      '  return { logits }',
      '  const probs = L.softmax(logits, { dim: 1 })\n  return { logits, probs }',
    )
    await ide.replaceCode(edited)
    await expect(ide.node('probs')).toBeVisible()
    await expect(ide.edgeLabel('logits', 'out', 'probs', 'x')).toHaveText('[N, 2]')
    const after = await ide.node('act1').boundingBox()
    expect(after?.x).toBeCloseTo(before?.x ?? Number.NaN, 0)
    const outputs = await ide.page.evaluate(() => window.triad.getDocument().outputs.map((o) => o.name))
    expect(outputs).toEqual(['logits', 'probs'])
  })

  test('editing a param in code updates just that node', async () => {
    const code = await ide.code()
    await ide.replaceCode(
      code.replace('in_features: 16, out_features: 16', 'in_features: 16, out_features: 8'),
    )
    await expect
      .poll(() =>
        ide.page.evaluate(() => window.triad.getDocument().nodes.find((n) => n.id === 'hidden2')?.params),
      )
      .toEqual({ in_features: 16, out_features: 8 })
    await expect(ide.node('logits').locator('.layer-node')).toHaveClass(/has-error/)
  })

  test("code that fails only when traced keeps the last good graph and gets Triad's marker on its line", async () => {
    const nodes = await ide.documentNodeIds()
    expect(await ide.page.evaluate(() => window.triad.getMarkers())).toEqual([])
    // Valid TypeScript, so Monaco's own checker has nothing to say: only the trace can fail it.
    await ide.replaceCode(modelRunning("if (Math.random() < 2) throw new Error('boom')"))
    await expect(ide.page.getByTestId('code-error')).toHaveText('Line 3: boom')
    await expect
      .poll(() => ide.page.evaluate(() => window.triad.getMarkers()))
      .toEqual([{ line: 3, message: 'boom' }])
    await expect(ide.codeEditor.locator('.squiggly-error').first()).toBeVisible()
    expect(await ide.documentNodeIds()).toEqual(nodes)
  })

  test('an unknown param name is marked on its line with a suggestion', async () => {
    await ide.replaceCode(
      "import { model } from 'triad'\nexport default model('m', (L) => {\n  const x = L.input({ shape: [2] })\n  const y = L.dense(x, { out_feature: 3 })\n  return { y }\n})\n",
    )
    await expect
      .poll(() => ide.page.evaluate(() => window.triad.getMarkers()))
      .toEqual([{ line: 4, message: expect.stringContaining('out_feature: did you mean out_features?') }])
    await expect(ide.page.getByTestId('code-error')).toContainText('Line 4: Unknown param out_feature')
  })

  test('an infinite loop is stopped with a message and the canvas stays usable', async ({ page }) => {
    const nodes = await ide.documentNodeIds()
    await ide.replaceCode(
      "import { model } from 'triad'\nexport default model('spin', (L) => {\n  while (true) {}\n})\n",
    )
    await expect(page.getByTestId('code-error')).toContainText(/stopped/, { timeout: 15_000 })
    expect(await ide.documentNodeIds()).toEqual(nodes)
    // The canvas still answers: select a node and edit it.
    await ide.select('hidden1')
    await ide.setParam('out_features', '12')
    await expect(ide.node('hidden1')).toContainText('12')
  })

  for (const [what, statement] of [
    ['fetch', (url: string) => `fetch('${url}')`],
    ['import()', (url: string) => `new Function("return import('${url}')")()`],
    ['FontFace', (url: string) => `new FontFace('f', 'url(${url})').load()`],
  ] as const) {
    test(`code that calls ${what} fails with a clear error and reaches nothing`, async ({ page }) => {
      const probes = await startProbeServer()
      try {
        await ide.replaceCode(modelRunning(statement(probes.url('/probe-target'))))
        await expect(page.getByTestId('code-error')).toHaveText(
          `Line 3: ${what} is blocked: model code runs sandboxed, without network or storage access.`,
        )
        // Positive control: the server sees the page's own request, so its count means something.
        await expectServerSeesPageRequest(page, probes)
        expect(probes.hits).toEqual(['/probe-ctrl'])
      } finally {
        await probes.close()
      }
    })
  }

  test("code cannot open or list the app's saved projects in IndexedDB", async ({ page }) => {
    await seedProjectsDatabase(page)
    for (const statement of [
      'indexedDB.databases()',
      "Object.getOwnPropertyDescriptor(WorkerGlobalScope.prototype, 'indexedDB').get.call(self).open('triad-projects')",
    ]) {
      await ide.replaceCode(modelRunning(statement))
      await expect(page.getByTestId('code-error')).toHaveText(
        'Line 3: indexedDB is blocked: model code runs sandboxed, without network or storage access.',
      )
    }
  })
})

test('selecting a node highlights its code lines, and a cursor in the code selects the node', async ({
  page,
}) => {
  const ide = new IdePage(page)
  await ide.open()
  await ide.select('act1')
  const highlighted = ide.codeEditor.locator('.code-node-highlight')
  await expect(highlighted).toHaveCount(1)
  // The highlight sits on the line that declares act1 (same vertical band in the editor).
  const line = ide.codeEditor.locator('.view-line', { hasText: 'const act1 = L.relu(hidden1)' })
  const [hBox, lBox] = [await highlighted.boundingBox(), await line.boundingBox()]
  expect(Math.abs((hBox?.y ?? 0) - (lBox?.y ?? 1000))).toBeLessThan(4)

  await ide.codeEditor.locator('.view-line', { hasText: 'const hidden2 = L.dense' }).click()
  await expect(ide.inspector.getByTestId('inspector.id')).toHaveValue('hidden2')
  await expect(ide.node('hidden2')).toHaveClass(/selected/)
})
