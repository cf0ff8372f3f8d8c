import { expect, test } from '@playwright/test'
import { IdePage } from './pages/IdePage'

test.describe('editing a model on the canvas', () => {
  let ide: IdePage

  test.beforeEach(async ({ page }) => {
    ide = new IdePage(page)
    await ide.open()
    await ide.loadEmptyDocument()
    await expect(page.locator('.react-flow__node')).toHaveCount(0)
  })

  test('drags Input, Dense and ReLU from the palette, connects them and labels each edge with its shape', async () => {
    await ide.dragLayer('input', 120, 200)
    await ide.dragLayer('dense', 420, 200)
    await ide.dragLayer('relu', 720, 200)
    await expect(ide.node('input')).toBeVisible()
    await expect(ide.node('dense')).toBeVisible()
    await expect(ide.node('relu')).toBeVisible()

    await ide.connect('input', 'out', 'dense', 'x')
    await expect(ide.edgeLabel('input', 'out', 'dense', 'x')).toHaveText('[N, 2]')
    await ide.connect('dense', 'out', 'relu', 'x')
    await expect(ide.edgeLabel('dense', 'out', 'relu', 'x')).toHaveText('[N, 1]')

    const edges = await ide.page.evaluate(() => window.triad.getDocument().edges.map((e) => e.id))
    expect(edges.sort()).toEqual(['dense:out->relu:x', 'input:out->dense:x'])
    // Connecting fed Dense its in_features from the incoming shape, as PyTorch's LazyLinear would.
    expect(await ide.code()).toContain('const dense = L.dense(input, { in_features: 2, out_features: 1 })')
  })

  test('shows a shape mismatch on the node with its fix, and the fix repairs it', async () => {
    await ide.dragLayer('input', 150, 200)
    await ide.dragLayer('dense', 500, 200)
    await ide.connect('input', 'out', 'dense', 'x')
    await expect(ide.edgeLabel('input', 'out', 'dense', 'x')).toHaveText('[N, 2]')

    await ide.select('dense')
    await ide.setParam('in_features', '5')
    const dense = ide.node('dense')
    await expect(dense.locator('.layer-node')).toHaveClass(/has-error/)
    await expect(dense.getByRole('alert')).toContainText('in_features is 5 but the input has 2 features')
    const fix = dense.getByRole('button', { name: /set in_features to 2/ })
    await expect(fix).toBeVisible()
    await expect(ide.status).toContainText(/1 shape error/)

    await fix.click()
    await expect(dense.locator('.layer-node')).not.toHaveClass(/has-error/)
    expect(await ide.page.evaluate(() => window.triad.getDocument().nodes[1]?.params.in_features)).toBe(2)
  })

  test('refuses a connection that would make a cycle and says why', async () => {
    await ide.dragLayer('input', 120, 200)
    await ide.dragLayer('dense', 400, 200)
    await ide.dragLayer('relu', 680, 200)
    await ide.connect('input', 'out', 'dense', 'x')
    await ide.connect('dense', 'out', 'relu', 'x')
    await ide.dragLayer('add', 400, 420)
    await ide.connect('relu', 'out', 'add', 'in0')
    await expect(ide.edgeLabel('relu', 'out', 'add', 'in0')).toBeVisible()
    await ide.connect('add', 'out', 'dense', 'x')
    await expect(ide.status).toContainText(/cycle/i)
    const edges = await ide.page.evaluate(() => window.triad.getDocument().edges.length)
    expect(edges).toBe(3)
  })

  test('undo and redo step through canvas edits, a bulk delete undoing as one step', async ({ page }) => {
    await ide.dragLayer('input', 150, 200)
    await ide.dragLayer('dense', 450, 200)
    await ide.connect('input', 'out', 'dense', 'x')
    await expect(ide.edgeLabel('input', 'out', 'dense', 'x')).toBeVisible()

    // Select both and delete them as one edit.
    await ide.node('input').locator('.layer-node-header').click()
    await ide
      .node('dense')
      .locator('.layer-node-header')
      .click({ modifiers: ['Shift'] })
    await page.keyboard.press('Delete')
    await expect(page.locator('.react-flow__node')).toHaveCount(0)

    await page.keyboard.press('ControlOrMeta+Z')
    await expect(page.locator('.react-flow__node')).toHaveCount(2)
    await expect(ide.edgeLabel('input', 'out', 'dense', 'x')).toHaveText('[N, 2]')

    await page.keyboard.press('ControlOrMeta+Shift+Z')
    await expect(page.locator('.react-flow__node')).toHaveCount(0)

    await page.getByRole('button', { name: 'Undo' }).click()
    await expect(page.locator('.react-flow__node')).toHaveCount(2)
  })
})

test.describe('canvas power tools', () => {
  test('copy and paste duplicate the selection with fresh ids, and one undo removes the paste', async ({
    page,
  }) => {
    const ide = new IdePage(page)
    await ide.open()
    await ide.node('hidden1').locator('.layer-node-header').click()
    await ide
      .node('act1')
      .locator('.layer-node-header')
      .click({ modifiers: ['Shift'] })
    await page.keyboard.press('ControlOrMeta+C')
    await page.keyboard.press('ControlOrMeta+V')
    await expect(page.locator('.react-flow__node')).toHaveCount(8)
    const ids = await ide.documentNodeIds()
    const pasted = ids.filter((id) => !['point', 'hidden1', 'act1', 'hidden2', 'act2', 'logits'].includes(id))
    expect(pasted).toHaveLength(2)
    // The edge between the copied nodes comes along, renamed to the new ids.
    const edges = await page.evaluate(() => window.triad.getDocument().edges.map((e) => [e.source, e.target]))
    expect(edges).toContainEqual([pasted[0], pasted[1]])
    await page.keyboard.press('ControlOrMeta+Z')
    await expect(page.locator('.react-flow__node')).toHaveCount(6)
  })

  test('auto-layout rearranges a tangled graph left to right, as one undo step', async ({ page }) => {
    const ide = new IdePage(page)
    await ide.open()
    const tangled = await page.evaluate(() => {
      const doc = window.triad.getDocument()
      doc.nodes.forEach((n, i) => {
        n.position = { x: (i % 2) * 40, y: 600 - i * 90 }
      })
      window.triad.loadDocument(doc)
      return doc.nodes.map((n) => n.position)
    })
    await page.getByRole('button', { name: 'Auto-layout' }).click()
    await expect
      .poll(() => page.evaluate(() => window.triad.getDocument().nodes.map((n) => n.position.x)))
      .not.toEqual(tangled.map((p) => p.x))
    const xs = await page.evaluate(() => {
      const d = window.triad.getDocument()
      const x = (id: string) => d.nodes.find((n) => n.id === id)!.position.x
      return ['point', 'hidden1', 'act1', 'hidden2', 'act2', 'logits'].map(x)
    })
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!)
    await page.keyboard.press('ControlOrMeta+Z')
    await expect
      .poll(() => page.evaluate(() => window.triad.getDocument().nodes.map((n) => n.position)))
      .toEqual(tangled)
  })

  test('the palette search narrows the layers and Enter adds the first match', async ({ page }) => {
    const ide = new IdePage(page)
    await ide.open()
    const search = page.getByRole('searchbox', { name: 'Search layers' })
    await search.fill('norm')
    await expect(page.getByTestId('palette-layerNorm')).toBeVisible()
    await expect(page.getByTestId('palette-batchNorm2d')).toBeVisible()
    await expect(page.getByTestId('palette-dense')).toHaveCount(0)
    await search.fill('gelu')
    await search.press('Enter')
    await expect(ide.node('gelu')).toBeVisible()
  })
})
