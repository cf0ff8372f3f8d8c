import { type Download, expect, type Locator, type Page } from '@playwright/test'

/**
 * Shipping as a user does it: the export dialog (format, subject, Export, Verify in browser) and
 * the versions panel (select, compare, roll back).
 */
export class Shipping {
  readonly exportDialog: Locator
  readonly versions: Locator
  readonly compareDialog: Locator

  constructor(readonly page: Page) {
    this.exportDialog = page.getByTestId('export-dialog')
    this.versions = page.getByTestId('versions-panel')
    this.compareDialog = page.getByTestId('compare-dialog')
  }

  async openExportDialog(): Promise<void> {
    await this.page.getByRole('button', { name: 'Export…' }).click()
    await expect(this.exportDialog).toBeVisible()
  }

  async chooseFormat(label: RegExp): Promise<void> {
    await this.exportDialog.getByRole('radio', { name: label }).check()
  }

  /** Clicks Export and returns the download it starts. */
  async exportAndDownload(): Promise<Download> {
    const download = this.page.waitForEvent('download')
    await this.exportDialog.getByRole('button', { name: 'Export', exact: true }).click()
    return download
  }

  async closeExportDialog(): Promise<void> {
    await this.exportDialog.getByRole('button', { name: /^Close/ }).click()
    await expect(this.exportDialog).toBeHidden()
  }

  version(semver: string): Locator {
    return this.versions.getByTestId(`version-${semver}`)
  }

  /** Waits until the versions panel lists `count` versions. */
  async waitForVersions(count: number): Promise<void> {
    await expect(this.versions.locator('li')).toHaveCount(count, { timeout: 15_000 })
  }

  async compare(a: string, b: string): Promise<void> {
    await this.versions.getByRole('checkbox', { name: `Select ${a} to compare` }).check()
    await this.versions.getByRole('checkbox', { name: `Select ${b} to compare` }).check()
    await this.versions.getByRole('button', { name: 'Compare' }).click()
    await expect(this.compareDialog).toBeVisible()
  }

  async rollBack(semver: string): Promise<void> {
    await this.versions.getByRole('button', { name: `Roll back to ${semver}` }).click()
  }
}
