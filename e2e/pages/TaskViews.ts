import { expect, type Locator, type Page } from '@playwright/test'

/**
 * The task views under the run panel as a user sees them: the decision boundary picture, the
 * held-out grid, the confusion matrix and the drawing pad with its prediction.
 */
export class TaskViews {
  readonly root: Locator
  readonly boundary: Locator
  readonly heldOut: Locator
  readonly grid: Locator
  readonly samples: Locator
  readonly confusion: Locator
  readonly pad: Locator
  readonly digitPrediction: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('task-views')
    this.boundary = page.getByTestId('decision-boundary')
    this.heldOut = page.getByTestId('held-out-results')
    this.grid = page.getByTestId('prediction-grid')
    this.samples = page.getByTestId('prediction-sample')
    this.confusion = page.getByTestId('confusion-matrix')
    this.pad = page.getByTestId('digit-pad')
    this.digitPrediction = page.getByTestId('digit-prediction')
  }

  /** The boundary picture's hash and the step it was predicted at. */
  async boundaryPicture(): Promise<{ hash: string; step: number; label: string }> {
    return {
      hash: (await this.boundary.getAttribute('data-image-hash')) ?? '',
      step: Number(await this.boundary.getAttribute('data-step')),
      label: (await this.boundary.getAttribute('aria-label')) ?? '',
    }
  }

  /** Waits for a boundary picture other than `hash` (any picture when `hash` is empty). */
  async waitForNewBoundary(hash: string, timeout = 15_000): Promise<void> {
    await expect
      .poll(async () => (await this.boundaryPicture()).hash, { timeout })
      .not.toMatch(new RegExp(`^(${hash})?$`))
  }

  /**
   * Starts recording every boundary picture the page shows (its hash and step), from now on,
   * in the page itself so that no redraw between two polls is missed; read them back with
   * `recordedBoundaries`.
   */
  async recordBoundaries(): Promise<void> {
    await this.page.evaluate(() => {
      const seen: { hash: string; step: number }[] = []
      const w = window as unknown as { __boundaries: typeof seen }
      w.__boundaries = seen
      const note = () => {
        const el = document.querySelector('[data-testid="decision-boundary"]')
        const hash = el?.getAttribute('data-image-hash') ?? ''
        if (hash && seen.at(-1)?.hash !== hash)
          seen.push({ hash, step: Number(el?.getAttribute('data-step') ?? -1) })
      }
      note()
      new MutationObserver(note).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-image-hash'],
      })
    })
  }

  /** The boundary pictures seen since `recordBoundaries`, in order, consecutive repeats dropped. */
  recordedBoundaries(): Promise<{ hash: string; step: number }[]> {
    return this.page.evaluate(
      () => (window as unknown as { __boundaries?: { hash: string; step: number }[] }).__boundaries ?? [],
    )
  }

  /** Confusion cell of true class `t`, predicted `p`. */
  cell(t: number, p: number): Locator {
    return this.confusion.getByTestId(`confusion-cell-${t}-${p}`)
  }

  /**
   * Draws on the pad with the mouse: `strokes` are polylines in [0, 1] pad coordinates, each
   * drawn as one press, moves and a release (the model predicts on release).
   */
  async draw(strokes: readonly (readonly [number, number])[][]): Promise<void> {
    await this.pad.scrollIntoViewIfNeeded()
    const box = await this.pad.boundingBox()
    if (!box) throw new Error('the drawing pad is not on screen')
    const at = ([x, y]: readonly [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const
    const mouse = this.page.mouse
    for (const stroke of strokes) {
      const [first, ...rest] = stroke
      if (!first) continue
      await mouse.move(...at(first))
      await mouse.down()
      for (const point of rest) await mouse.move(...at(point), { steps: 6 })
      await mouse.up()
    }
  }
}

/**
 * Replaces the MNIST CNN template's body by a small MLP (Flatten, Dense 784-64, ReLU, Dense
 * 64-10) that trains in seconds on the CPU backend; training setup as given.
 */
export async function loadMnistMlp(page: Page, training: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate((overrides) => {
    const doc = window.triad.getDocument()
    if (doc.metadata.template !== 'cnn-mnist') throw new Error('the MNIST CNN template is not open')
    const byId = (id: string) => {
      const node = doc.nodes.find((n) => n.id === id)
      if (!node) throw new Error(`the MNIST template has no node ${id}`)
      return node
    }
    const logits = byId('logits')
    const nodes = [
      byId('image'),
      byId('flat'),
      { ...logits, id: 'hidden', params: { ...logits.params, in_features: 784, out_features: 64 } },
      { ...byId('relu1'), id: 'act' },
      { ...logits, params: { ...logits.params, in_features: 64, out_features: 10 } },
    ]
    const portsOf = (source: string, target: string) => {
      const e = doc.edges.find((x) => x.source === source && x.target === target)
      if (!e) throw new Error(`the MNIST template has no edge ${source} -> ${target}`)
      return e
    }
    const into = (target: string, like: { sourcePort: string; targetPort: string }, source: string) => ({
      id: `${source}:${like.sourcePort}->${target}:${like.targetPort}`,
      source,
      sourcePort: like.sourcePort,
      target,
      targetPort: like.targetPort,
    })
    const dense = portsOf('flat', 'logits')
    const relu = portsOf('conv1', 'relu1')
    const flat = portsOf('pool2', 'flat')
    const edges = [
      into('flat', flat, 'image'),
      into('hidden', dense, 'flat'),
      into('act', relu, 'hidden'),
      into('logits', dense, 'act'),
    ]
    window.triad.loadDocument({ ...doc, nodes, edges, training: { ...doc.training!, ...overrides } })
  }, training)
}
