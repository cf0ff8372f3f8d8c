import { expect, type Locator, type Page } from '@playwright/test'

/** An empty model document, as a user starts one. */
export const EMPTY_DOCUMENT = {
  schemaVersion: 1,
  name: 'e2e',
  nodes: [],
  edges: [],
  outputs: [],
  blocks: [],
  metadata: {},
}

/**
 * The IDE as a user sees it: palette, canvas, inspector, code pane, status bar. Specs speak in
 * user verbs through this object; selectors live here only.
 */
export class IdePage {
  readonly canvas: Locator
  readonly inspector: Locator
  readonly status: Locator
  readonly codeEditor: Locator

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('canvas')
    this.inspector = page.getByTestId('inspector')
    this.status = page.getByTestId('status')
    this.codeEditor = page.getByTestId('code-editor')
  }

  async open(): Promise<void> {
    await this.page.goto('/')
    await expect(this.canvas).toBeVisible()
    await this.page.waitForFunction(() => typeof window.triad?.getDocument === 'function')
    // Monaco loads in its own chunk; the code face is ready when its lines render.
    await expect(this.codeEditor.locator('.view-lines')).toBeVisible()
  }

  async loadEmptyDocument(): Promise<void> {
    await this.page.evaluate((doc) => window.triad.loadDocument(doc), EMPTY_DOCUMENT)
  }

  node(id: string): Locator {
    return this.page.locator(`.react-flow__node[data-id="${id}"]`)
  }

  handle(nodeId: string, port: string): Locator {
    return this.node(nodeId).locator(`.react-flow__handle[data-handleid="${port}"]`)
  }

  /** Drags a layer from the palette and drops it at (x, y) inside the canvas. */
  async dragLayer(type: string, x: number, y: number): Promise<void> {
    await this.page.getByTestId(`palette-${type}`).dragTo(this.canvas, { targetPosition: { x, y } })
  }

  /** Draws an edge from an output port to an input port with the mouse. */
  async connect(source: string, sourcePort: string, target: string, targetPort: string): Promise<void> {
    const from = await this.handle(source, sourcePort).boundingBox()
    const to = await this.handle(target, targetPort).boundingBox()
    if (!from || !to)
      throw new Error(`ports ${source}.${sourcePort} or ${target}.${targetPort} not on screen`)
    const mouse = this.page.mouse
    await mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await mouse.down()
    await mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 })
    await mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 })
    await mouse.up()
  }

  edgeLabel(source: string, sourcePort: string, target: string, targetPort: string): Locator {
    return this.page.getByTestId(`edge-label-${source}:${sourcePort}->${target}:${targetPort}`)
  }

  async select(nodeId: string): Promise<void> {
    await this.node(nodeId).locator('.layer-node-header').click()
    await expect(this.inspector.getByTestId('inspector.id')).toHaveValue(nodeId)
  }

  /** Types a value into an inspector param field and commits it with Enter. */
  async setParam(name: string, value: string): Promise<void> {
    const field = this.inspector.getByTestId(`inspector.param.${name}`)
    await field.fill(value)
    await field.press('Enter')
  }

  /** The code as the editor holds it. */
  code(): Promise<string> {
    return this.page.evaluate(() => window.triad.getCode())
  }

  /** Replaces the editor's whole text the way a user would: select all, then type/paste. */
  async replaceCode(text: string): Promise<void> {
    await this.codeEditor.locator('.view-lines').click()
    await this.page.keyboard.press('ControlOrMeta+A')
    await this.page.keyboard.press('Delete')
    await this.page.keyboard.insertText(text)
  }

  documentNodeIds(): Promise<string[]> {
    return this.page.evaluate(() => window.triad.getDocument().nodes.map((n) => n.id))
  }
}
