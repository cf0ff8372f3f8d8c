import { describe, expect, it } from 'vitest'
import { hasSeenTour, rememberTourSeen, TOUR_SEEN_KEY, type TourStorage } from './tourMemory'
import { placePopover, shouldStartTour, stepAfter, TOUR_STEPS } from './tourModel'

function memoryStorage(): TourStorage & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return {
    items,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
  }
}

describe('the tour steps', () => {
  it('has 3 to 5 steps covering the graph, the code and the bundle, each with its own target', () => {
    expect(TOUR_STEPS.length).toBeGreaterThanOrEqual(3)
    expect(TOUR_STEPS.length).toBeLessThanOrEqual(5)
    const ids = TOUR_STEPS.map((s) => s.id)
    expect(ids).toEqual(expect.arrayContaining(['graph', 'code', 'bundle']))
    expect(new Set(TOUR_STEPS.map((s) => s.target)).size).toBe(TOUR_STEPS.length)
  })

  it('walks forward with Next, ends after the last step, and stays on the first with Back', () => {
    const n = TOUR_STEPS.length
    expect(stepAfter(0, 'next', n)).toBe(1)
    expect(stepAfter(n - 1, 'next', n)).toBeNull()
    expect(stepAfter(2, 'back', n)).toBe(1)
    expect(stepAfter(0, 'back', n)).toBe(0)
    expect(stepAfter(1, 'skip', n)).toBeNull()
    expect(stepAfter(1, 'close', n)).toBeNull()
  })
})

describe('shouldStartTour', () => {
  it('opens on a first visit and never after the tour was seen', () => {
    expect(shouldStartTour({ seen: false, webdriver: false, search: '' })).toBe(true)
    expect(shouldStartTour({ seen: true, webdriver: false, search: '' })).toBe(false)
  })

  it('stays away under automation unless the URL asks with ?tour=1, and a dismissal wins even then', () => {
    expect(shouldStartTour({ seen: false, webdriver: true, search: '' })).toBe(false)
    expect(shouldStartTour({ seen: false, webdriver: true, search: '?x=2&tour=1' })).toBe(true)
    expect(shouldStartTour({ seen: false, webdriver: true, search: '?tour=0' })).toBe(false)
    expect(shouldStartTour({ seen: true, webdriver: true, search: '?tour=1' })).toBe(false)
  })
})

describe('tour memory', () => {
  it('remembers a dismissal under its key, and treats missing or throwing storage as seen', () => {
    const storage = memoryStorage()
    expect(hasSeenTour(storage)).toBe(false)
    rememberTourSeen(storage)
    expect(storage.items.has(TOUR_SEEN_KEY)).toBe(true)
    expect(hasSeenTour(storage)).toBe(true)
    expect(hasSeenTour(undefined)).toBe(true)
    const refusing: TourStorage = {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
    }
    expect(hasSeenTour(refusing)).toBe(true)
    expect(() => rememberTourSeen(refusing)).not.toThrow()
  })
})

describe('placePopover', () => {
  const viewport = { width: 1400, height: 900 }
  const pop = { width: 320, height: 160 }

  it('puts the popover beside the target on the preferred side, centred along it', () => {
    const at = placePopover({ left: 100, top: 300, width: 200, height: 100 }, pop, viewport, 'right')
    expect(at).toEqual({ left: 312, top: 270 })
  })

  it('flips to the other side when the preferred side has no room', () => {
    const at = placePopover({ left: 1200, top: 300, width: 150, height: 100 }, pop, viewport, 'right')
    expect(at.left + pop.width).toBeLessThanOrEqual(1200)
  })

  it('keeps the popover inside the viewport for a target at the edge', () => {
    const at = placePopover({ left: 1300, top: 0, width: 90, height: 28 }, pop, viewport, 'bottom')
    expect(at.left + pop.width).toBeLessThanOrEqual(viewport.width)
    expect(at.top).toBeGreaterThanOrEqual(28)
  })

  it('overlays a target too big to sit beside, and centres when there is no target', () => {
    const whole = placePopover({ left: 0, top: 0, width: 1400, height: 900 }, pop, viewport, 'right')
    expect(whole.left).toBeGreaterThanOrEqual(0)
    expect(whole.left + pop.width).toBeLessThanOrEqual(1400)
    expect(placePopover(null, pop, viewport, 'right')).toEqual({ left: 540, top: 370 })
  })
})
