import { expect, type Locator, type Page, test } from '@playwright/test'

// The tour stays away under automation (navigator.webdriver) so other specs keep the canvas and
// focus to themselves; `?tour=1` lets this spec see what a first-time visitor sees.

/**
 * Boxes of two elements are the same up to the ring's few pixels of margin, once the layout has
 * settled (the ring follows its target frame by frame).
 */
async function expectRingAround(page: Page, target: Locator): Promise<void> {
  await expect
    .poll(async () => {
      const ring = await page.getByTestId('tour-ring').boundingBox()
      const box = await target.boundingBox()
      if (!ring || !box) return 'the tour ring or its target is not on screen'
      const off = Math.max(Math.abs(ring.x - box.x), Math.abs(ring.y - box.y))
      return off < 8 && Math.abs(ring.width - box.width) < 12 ? 'around' : `off by ${off} px`
    })
    .toBe('around')
}

async function openFresh(page: Page, path: string): Promise<void> {
  await page.goto(path)
  await expect(page.getByTestId('canvas')).toBeVisible()
}

test('a first visit shows the tour, which walks by keyboard over the real elements and stays away after a reload', async ({
  page,
}) => {
  await openFresh(page, '/?tour=1')
  const tour = page.getByTestId('tour')
  await expect(tour).toBeVisible()
  await expect(tour).toHaveAttribute('data-step', 'graph')
  await expect(page.getByRole('dialog', { name: 'The graph' })).toBeVisible()
  await expect(page.getByTestId('tour-count')).toHaveText(/Step 1 of \d/)
  await expectRingAround(page, page.getByTestId('canvas'))
  await expect(tour.getByRole('button', { name: 'Next' })).toBeFocused()

  await page.keyboard.press('Enter')
  await expect(tour).toHaveAttribute('data-step', 'code')
  await expectRingAround(page, page.locator('section.code-pane'))
  await page.keyboard.press('Enter')
  await expect(tour).toHaveAttribute('data-step', 'run')
  await expectRingAround(page, page.getByTestId('run-panel'))

  // Back with the keyboard: Shift+Tab reaches Back, Enter presses it.
  await page.keyboard.press('Shift+Tab')
  await expect(tour.getByRole('button', { name: 'Back' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(tour).toHaveAttribute('data-step', 'code')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await expect(tour).toHaveAttribute('data-step', 'run')

  // To the last step, which names the bundle and offers Done.
  for (let i = 0; i < 10; i++) {
    if ((await tour.getAttribute('data-step')) === 'bundle') break
    await page.keyboard.press('Enter')
  }
  await expect(tour).toHaveAttribute('data-step', 'bundle')
  await expectRingAround(page, page.getByTestId('export-button'))
  await expect(tour.getByRole('button', { name: 'Done' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(tour).toHaveCount(0)

  await page.reload()
  await expect(page.getByTestId('canvas')).toBeVisible()
  await page.waitForFunction(() => typeof window.triad?.getDocument === 'function')
  await expect(tour).toHaveCount(0)
  expect(await page.evaluate(() => localStorage.getItem('triad.tour.seen.v1'))).not.toBeNull()
})

test('? opens the shortcuts help listing every shortcut with its keys, and the tour can be taken again from Help', async ({
  page,
}) => {
  await openFresh(page, '/')
  await page.waitForFunction(() => typeof window.triad?.getDocument === 'function')
  // Under automation and without ?tour=1 the tour does not show.
  await expect(page.getByTestId('tour')).toHaveCount(0)

  await page.locator('body').press('?')
  const help = page.getByTestId('help-panel')
  await expect(help).toBeVisible()
  const undo = help.getByTestId('shortcut-undo')
  await expect(undo).toContainText('Undo the last edit')
  await expect(undo.locator('kbd')).toHaveText(['Ctrl+Z'])
  await expect(help.getByTestId('shortcut-redo').locator('kbd')).toHaveText(['Ctrl+Shift+Z', 'Ctrl+Y'])
  await expect(help.getByTestId('shortcut-help').locator('kbd')).toHaveText(['?'])
  expect(await help.locator('tbody tr').count()).toBe(9)
  await page.keyboard.press('Escape')
  await expect(help).toHaveCount(0)

  await page.getByTestId('help-button').click()
  await expect(help).toBeVisible()
  await help.getByRole('button', { name: 'Take the tour' }).click()
  await expect(help).toHaveCount(0)
  const tour = page.getByTestId('tour')
  await expect(tour).toHaveAttribute('data-step', 'graph')
  await expect(tour.getByRole('button', { name: 'Next' })).toBeFocused()
  await tour.getByRole('button', { name: 'Skip tour' }).click()
  await expect(tour).toHaveCount(0)
  // Focus goes back to the Help button the user came from.
  await expect(page.getByTestId('help-button')).toBeFocused()
})
