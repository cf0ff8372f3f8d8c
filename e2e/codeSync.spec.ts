import { expect, test } from '@playwright/test'
import { IdePage } from './pages/IdePage'

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

  test('code with a syntax error keeps the last good graph and marks the error in the editor', async () => {
    const nodes = await ide.documentNodeIds()
    const code = await ide.code()
    await ide.replaceCode(code.replace('const act1 = L.relu(hidden1)', 'const act1 = L.relu(hidden1'))
    await expect(ide.codeEditor.locator('.squiggly-error').first()).toBeVisible()
    await expect(ide.page.getByTestId('code-error')).toBeVisible()
    expect(await ide.documentNodeIds()).toEqual(nodes)
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

  for (const [what, call] of [
    ['fetch', "await fetch('/probe-network')"],
    ['indexedDB.open', "indexedDB.open('triad-projects')"],
  ] as const) {
    test(`code that calls ${what} fails with a clear error and reaches nothing`, async ({ page }) => {
      const requests: string[] = []
      page.context().on('request', (r) => requests.push(r.url()))
      const code = `import { model } from 'triad'\nexport default model('probe', (L) => {\n  ${call.replace('await ', '')}\n  return { x: L.input({ shape: [2] }) }\n})\n`
      await ide.replaceCode(code)
      await expect(page.getByTestId('code-error')).toContainText(/blocked|not available/i)
      await expect(page.getByTestId('code-error')).toContainText(what.split('.')[0]!)
      expect(requests.filter((u) => u.includes('probe-network'))).toEqual([])
    })
  }
})

test('selecting a node highlights its code lines, and a cursor in the code selects the node', async ({ page }) => {
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
