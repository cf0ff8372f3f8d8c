/** Where a tour popover sits relative to the element it points at. */
export type Placement = 'right' | 'left' | 'bottom' | 'top'

/** One step of the first-run tour: what it says and the real element it points at. */
export interface TourStep {
  id: string
  title: string
  body: string
  /** A CSS selector for the element the step points at (a stable test id where there is one). */
  target: string
  placement: Placement
}

/**
 * The tour of Triad's three faces: graph, code and bundle (training, versions, export). Short on
 * purpose: each step is one sentence about what the face is for and one about how to use it.
 */
export const TOUR_STEPS: readonly TourStep[] = [
  {
    id: 'graph',
    title: 'The graph',
    body: 'Your model as layers and edges. Drag layers from the palette, connect their ports; every edge shows the tensor shape, and mistakes show on the node.',
    target: '[data-testid="canvas"]',
    placement: 'right',
  },
  {
    id: 'code',
    title: 'The code',
    body: 'The same model as PyTorch-style code. Edit either face and the other follows.',
    target: 'section.code-pane',
    placement: 'top',
  },
  {
    id: 'run',
    title: 'Train it',
    body: 'Pick the data and the settings, press Train and watch the loss live. Training runs in a worker, so the IDE stays responsive.',
    target: '[data-testid="run-panel"]',
    placement: 'left',
  },
  {
    id: 'versions',
    title: 'Versions',
    body: 'Every finished run becomes a version with its weights and curves: compare two, or roll back.',
    target: '[data-testid="versions-panel"]',
    placement: 'left',
  },
  {
    id: 'bundle',
    title: 'The bundle',
    body: 'Export graph, code and weights as one file, or ship the model as ONNX or PyTorch. Press ? any time for the shortcuts and to see this tour again.',
    target: '[data-testid="export-button"]',
    placement: 'bottom',
  },
]

/** What the user did in the tour popover. */
export type TourAction = 'next' | 'back' | 'skip' | 'close'

/**
 * The step after an action, or null when the tour is over (skipped, closed, or Next on the last
 * step). Back on the first step stays there.
 */
export function stepAfter(step: number, action: TourAction, count: number): number | null {
  switch (action) {
    case 'next':
      return step + 1 < count ? step + 1 : null
    case 'back':
      return Math.max(0, step - 1)
    case 'skip':
    case 'close':
      return null
  }
}

/** What decides whether the tour opens by itself on load. */
export interface TourStartContext {
  /** The user already finished or dismissed the tour on this browser. */
  seen: boolean
  /** `navigator.webdriver`: the page is driven by automation (Playwright). */
  webdriver: boolean
  /** `location.search`. */
  search: string
}

/**
 * Whether to open the tour on load: on the first visit only. Under automation it stays away (it
 * would cover the canvas and take focus in every browser test) unless the URL asks for it with
 * `?tour=1`; a remembered dismissal wins even then, so a reload does not bring it back.
 */
export function shouldStartTour({ seen, webdriver, search }: TourStartContext): boolean {
  if (seen) return false
  if (!webdriver) return true
  return new URLSearchParams(search).get('tour') === '1'
}

/** A rectangle in viewport pixels. */
export interface Box {
  left: number
  top: number
  width: number
  height: number
}

/** A size in pixels. */
export interface Size {
  width: number
  height: number
}

const GAP = 12

function candidate(target: Box, pop: Size, placement: Placement): { left: number; top: number } {
  const midX = target.left + target.width / 2 - pop.width / 2
  const midY = target.top + target.height / 2 - pop.height / 2
  switch (placement) {
    case 'right':
      return { left: target.left + target.width + GAP, top: midY }
    case 'left':
      return { left: target.left - pop.width - GAP, top: midY }
    case 'bottom':
      return { left: midX, top: target.top + target.height + GAP }
    case 'top':
      return { left: midX, top: target.top - pop.height - GAP }
  }
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi))

/**
 * Where to put the popover: beside the target on the preferred side, else the first other side
 * with room, kept inside the viewport. A target too big to sit beside (a full-height canvas) gets
 * the popover over its own top-right corner; no target (not rendered) centres it.
 */
export function placePopover(
  target: Box | null,
  pop: Size,
  viewport: Size,
  preferred: Placement,
): { left: number; top: number } {
  const inside = (left: number, top: number) => ({
    left: clamp(left, GAP, viewport.width - pop.width - GAP),
    top: clamp(top, GAP, viewport.height - pop.height - GAP),
  })
  if (!target) return inside((viewport.width - pop.width) / 2, (viewport.height - pop.height) / 2)
  const order: Placement[] = [
    preferred,
    ...(['right', 'left', 'bottom', 'top'] as const).filter((p) => p !== preferred),
  ]
  for (const placement of order) {
    const { left, top } = candidate(target, pop, placement)
    const roomX = left >= GAP && left + pop.width <= viewport.width - GAP
    const roomY = top >= GAP && top + pop.height <= viewport.height - GAP
    // Sideways the popover may slide along the target; it must not leave the viewport across it.
    if ((placement === 'left' || placement === 'right') && roomX) return inside(left, top)
    if ((placement === 'top' || placement === 'bottom') && roomY) return inside(left, top)
  }
  return inside(target.left + target.width - pop.width - GAP, target.top + GAP)
}
