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
