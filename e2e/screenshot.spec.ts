import { expect, test } from '@playwright/test'
import { IdePage } from './pages/IdePage'

/**
 * The README's screenshot, taken from the real app: the spirals MLP with a node selected so
 * the inspector and its linked code lines show. Written to test-results/ on every run, and to
 * docs/screenshot.png when TRIAD_UPDATE_SCREENSHOT=1 (`npm run screenshot`).
 */
test('takes the README screenshot of the IDE', async ({ page }) => {
  const ide = new IdePage(page)
  await ide.open()
  await ide.select('hidden2')
  // What the picture must show: linked code, shapes on edges, a clean status.
  await expect(ide.codeEditor.locator('.code-node-highlight')).toHaveCount(1)
  await expect(ide.edgeLabel('hidden2', 'out', 'act2', 'x')).toHaveText('[N, 16]')
  await expect(ide.status).toContainText('shapes check')
  const path = process.env.TRIAD_UPDATE_SCREENSHOT ? 'docs/screenshot.png' : 'test-results/screenshot.png'
  await page.screenshot({ path })
})
