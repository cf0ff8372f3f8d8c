import { expect, type Locator, type Page } from '@playwright/test'

/** Plain numbers of a weight set by key, as the page can hand them to the test. */
export type PlainWeights = Record<string, number[]>

/**
 * The projects UI as a user drives it: the Projects button and dialog, the save status in the top
 * bar, and the project stored in the browser's IndexedDB (read directly, not through the app).
 */
export class Projects {
  readonly button: Locator
  readonly dialog: Locator
  readonly saveStatus: Locator
  readonly message: Locator

  constructor(readonly page: Page) {
    this.button = page.getByTestId('projects-button')
    this.dialog = page.getByTestId('projects-dialog')
    this.saveStatus = page.getByTestId('project-save-status')
    this.message = page.getByTestId('status-message')
  }

  async openDialog(): Promise<void> {
    if (await this.dialog.isVisible()) return
    await this.button.click()
    await expect(this.dialog).toBeVisible()
  }

  row(name: string): Locator {
    return this.dialog.locator(`li[data-name="${name}"]`)
  }

  async names(): Promise<string[]> {
    await this.openDialog()
    return this.dialog
      .locator('li[data-name]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')!))
  }

  async create(template: string): Promise<void> {
    await this.openDialog()
    await this.dialog.getByLabel('Template for the new project').selectOption(template)
    await this.dialog.getByRole('button', { name: 'Create' }).click()
    await expect(this.dialog).toBeHidden()
  }

  async open(name: string): Promise<void> {
    await this.openDialog()
    await this.row(name)
      .getByRole('button', { name: `Open ${name}` })
      .click()
  }

  async rename(name: string, to: string): Promise<void> {
    await this.openDialog()
    await this.row(name)
      .getByRole('button', { name: `Rename ${name}` })
      .click()
    const field = this.dialog.getByLabel(`New name for ${name}`)
    await field.fill(to)
    await field.press('Enter')
    await expect(this.row(to)).toBeVisible()
  }

  async duplicate(name: string): Promise<void> {
    await this.openDialog()
    await this.row(name)
      .getByRole('button', { name: `Duplicate ${name}` })
      .click()
  }

  async remove(name: string): Promise<void> {
    await this.openDialog()
    await this.row(name)
      .getByRole('button', { name: `Delete ${name}` })
      .click()
    await this.row(name)
      .getByRole('button', { name: `Confirm deleting ${name}` })
      .click()
    await expect(this.row(name)).toHaveCount(0)
  }

  /** Exports a project through its Export button; answers the file's name and text. */
  async exportFile(name: string): Promise<{ fileName: string; text: string }> {
    await this.openDialog()
    const downloading = this.page.waitForEvent('download')
    await this.row(name)
      .getByRole('button', { name: `Export ${name}` })
      .click()
    const download = await downloading
    const stream = await download.createReadStream()
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(chunk as Buffer)
    return { fileName: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') }
  }

  async importFile(fileName: string, text: string): Promise<void> {
    await this.openDialog()
    await this.dialog.getByTestId('project-import-input').setInputFiles({
      name: fileName,
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    })
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Close Projects' }).click()
  }

  /** Waits until a run checkpoint later than `afterStep` was saved with the project. */
  async waitForCheckpointAfter(afterStep: number, timeout = 20_000): Promise<number> {
    await expect
      .poll(async () => Number((await this.saveStatus.getAttribute('data-checkpoint-step')) || -1), {
        timeout,
      })
      .toBeGreaterThan(afterStep)
    return Number(await this.saveStatus.getAttribute('data-checkpoint-step'))
  }

  /** The open project's weights record as IndexedDB holds it (read with the raw IndexedDB API). */
  storedWeights(): Promise<{ step: number | null; from: string; params: PlainWeights } | null> {
    return this.page.evaluate(async () => {
      const id = window.triadProjects?.autosave.projectId
      if (!id) throw new Error('no project is open')
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('triad-projects')
        r.onsuccess = () => resolve(r.result)
        r.onerror = () => reject(r.error)
      })
      type Stored = {
        step: number | null
        from: string
        weights: { params: Record<string, { data: Float32Array }> }
      }
      const record = await new Promise<Stored | undefined>((resolve, reject) => {
        const get = db.transaction('weights').objectStore('weights').get(id)
        get.onsuccess = () => resolve(get.result as Stored | undefined)
        get.onerror = () => reject(get.error)
      })
      db.close()
      if (!record) return null
      const params = Object.fromEntries(
        Object.entries(record.weights.params).map(([k, t]) => [k, Array.from(t.data)]),
      )
      return { step: record.step, from: record.from, params }
    })
  }
}

/** The weights the engine worker's run holds now, as plain numbers. */
export function runWeights(page: Page): Promise<PlainWeights> {
  return page.evaluate(async () => {
    const w = await window.triad.run.getWeights()
    return Object.fromEntries(Object.entries(w.params).map(([k, t]) => [k, Array.from(t.data)]))
  })
}

/** The model's weights as the export would take them (loaded ones first), with where they came from. */
export function modelWeights(page: Page): Promise<{ from: string; params: PlainWeights }> {
  return page.evaluate(async () => {
    const w = await window.triad.getModelWeights()
    return {
      from: w.from,
      params: Object.fromEntries(Object.entries(w.weights.params).map(([k, t]) => [k, Array.from(t.data)])),
    }
  })
}
