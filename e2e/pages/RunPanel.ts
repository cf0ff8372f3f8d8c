import { expect, type Locator, type Page } from '@playwright/test'
import type { RunPhase } from '../../src/workers/engine/protocol'

/** The run panel as a user drives it: backend choice, the run buttons, status and alarm text. */
export class RunPanel {
  readonly root: Locator
  readonly status: Locator
  readonly alarm: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('run-panel')
    this.status = page.getByTestId('run-status')
    this.alarm = page.getByTestId('run-alarm')
  }

  async chooseBackend(backend: 'auto' | 'webgpu' | 'cpu'): Promise<void> {
    await this.root.getByLabel('Backend').selectOption(backend)
  }

  button(name: 'Train' | 'Pause' | 'Resume' | 'Step' | 'Stop'): Locator {
    return this.root.getByRole('button', { name, exact: true })
  }

  /** The data panel inside the run panel. */
  get data(): Locator {
    return this.page.getByTestId('data-panel')
  }

  async chooseDataset(name: string): Promise<void> {
    await this.data.getByLabel('Dataset', { exact: true }).selectOption(name)
  }

  /** Gives files to the data panel's upload field, as a user choosing them in the file dialog. */
  async upload(files: { name: string; text?: string; bytes?: Uint8Array }[]): Promise<void> {
    await this.page.getByTestId('data-upload').setInputFiles(
      files.map((f) => ({
        name: f.name,
        mimeType: f.name.endsWith('.npy') ? 'application/octet-stream' : 'text/csv',
        buffer: Buffer.from(f.bytes ?? new TextEncoder().encode(f.text ?? '')),
      })),
    )
  }

  /** Types a value into a setting field (Learning rate, Epochs, ...) and commits it with Enter. */
  async setSetting(label: string, value: string): Promise<void> {
    const field = this.root.getByLabel(label, { exact: true })
    await field.fill(value)
    await field.press('Enter')
  }

  async chooseOptimizer(optimizer: 'sgd' | 'adam' | 'adamw' | 'rmsprop'): Promise<void> {
    await this.root.getByLabel('Optimizer', { exact: true }).selectOption(optimizer)
  }

  async waitForPhase(phase: RunPhase, timeout = 30_000): Promise<void> {
    await expect(this.status).toHaveAttribute('data-phase', phase, { timeout })
  }

  /** The latest validation figures as the panel shows them (`0.3120 · 91.4%`). */
  get validation(): Locator {
    return this.root.getByTestId('run-validation')
  }

  /**
   * The validation accuracy in percent, read from the panel's text as a user reads it; null
   * while the panel shows none.
   */
  async validationAccuracy(): Promise<number | null> {
    const match = /(\d+(?:\.\d+)?)%/.exec((await this.validation.textContent()) ?? '')
    return match ? Number(match[1]) : null
  }

  /** The worker's status as the page last heard it. */
  runStatus() {
    return this.page.evaluate(() => window.triad.getRun().status)
  }

  /** Waits until the run reached `step` optimizer steps. */
  async waitForStep(step: number, timeout = 30_000): Promise<void> {
    await this.page.waitForFunction((n) => (window.triad.getRun().status?.step ?? 0) >= n, step, { timeout })
  }
}

/** The spirals template with its training setup changed (a copy; the template is not touched). */
export async function loadSpirals(page: Page, training: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate((overrides) => {
    const doc = window.triad.getDocument()
    if (doc.metadata.template !== 'mlp-spirals')
      throw new Error('the IDE did not open on the spirals template')
    window.triad.loadDocument({ ...doc, training: { ...doc.training!, ...overrides } })
  }, training)
}
