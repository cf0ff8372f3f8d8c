import { expect, test } from '@playwright/test'
import { IdePage } from './pages/IdePage'

/**
 * The README's screenshot, taken from the real app: the spirals MLP trained for a moment (loss
 * curve and decision boundary in the right column) with a node selected so the inspector and its
 * linked code lines show. Written to test-results/ on every run, and to
 * docs/screenshot.png when TRIAD_UPDATE_SCREENSHOT=1 (`npm run screenshot`).
 */
test('takes the README screenshot of the IDE', async ({ page }) => {
  const ide = new IdePage(page)
  await ide.open()
  await page.evaluate(() => window.triad.run.train({ backend: 'cpu', steps: 1500 }))
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 })
  await ide.select('hidden2')
  // What the picture must show: linked code, shapes on edges, a clean status.
  await expect(ide.codeEditor.locator('.code-node-highlight')).toHaveCount(1)
  await expect(ide.edgeLabel('hidden2', 'out', 'act2', 'x')).toHaveText('[N, 16]')
  await expect(ide.status).toContainText('shapes check')
  // the right column shows the run: loss curve, then the decision boundary below it
  await page.getByTestId('loss-chart').scrollIntoViewIfNeeded()
  await page.getByTestId('loss-chart').evaluate((el) => el.scrollIntoView({ block: 'start' }))
  const path = process.env.TRIAD_UPDATE_SCREENSHOT ? 'docs/screenshot.png' : 'test-results/screenshot.png'
  await page.screenshot({ path })
})
