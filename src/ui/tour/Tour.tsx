import './tour.css'
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react'
import { hasSeenTour } from './tourMemory'
import { type Box, placePopover, shouldStartTour, TOUR_STEPS, type TourStep } from './tourModel'
import { actOnTour, browserStorage, startTour, useTourStep } from './tourStore'

/**
 * The first-run tour: opens by itself on the first visit (see `shouldStartTour`), and from the
 * help panel any time. Renders nothing while closed.
 */
export function Tour() {
  const step = useTourStep()
  useEffect(() => {
    const start = shouldStartTour({
      seen: hasSeenTour(browserStorage()),
      webdriver: navigator.webdriver === true,
      search: window.location.search,
    })
    if (start) startTour()
  }, [])
  const current = step === null ? undefined : TOUR_STEPS[step]
  if (step === null || !current) return null
  return <TourPopover step={current} index={step} count={TOUR_STEPS.length} />
}

function boxOf(selector: string): Box | null {
  const el = document.querySelector(selector)
  if (!el) return null
  const r = el.getBoundingClientRect()
  return r.width > 0 && r.height > 0 ? { left: r.left, top: r.top, width: r.width, height: r.height } : null
}

/** Whether two boxes are the same to the pixel. */
function sameBox(a: Box | null, b: Box | null): boolean {
  if (!a || !b) return a === b
  return (
    Math.round(a.left) === Math.round(b.left) &&
    Math.round(a.top) === Math.round(b.top) &&
    Math.round(a.width) === Math.round(b.width) &&
    Math.round(a.height) === Math.round(b.height)
  )
}

/**
 * Tracks the viewport box of the element a step points at. It is measured every frame while the
 * tour is open (one getBoundingClientRect a frame, only during the tour): the target moves not only
 * on resizes and scrolls but whenever the layout around it settles (the editor loading, a status
 * line appearing), which no event reports.
 */
function useTargetBox(selector: string): Box | null {
  const [box, setBox] = useState<Box | null>(null)
  useLayoutEffect(() => {
    document.querySelector(selector)?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
    let last = boxOf(selector)
    setBox(last)
    let frame = 0
    const follow = () => {
      const now = boxOf(selector)
      if (!sameBox(now, last)) {
        last = now
        setBox(now)
      }
      frame = requestAnimationFrame(follow)
    }
    frame = requestAnimationFrame(follow)
    return () => cancelAnimationFrame(frame)
  }, [selector])
  return box
}

/**
 * The popover of one step: a non-modal dialog beside its target, with a ring around the target.
 * Focus starts on Next, so Enter walks the tour; Back, Skip and Escape work from the
 * keyboard; focus returns to where it was when the tour ends.
 */
function TourPopover({ step, index, count }: { step: TourStep; index: number; count: number }) {
  const titleId = useId()
  const bodyId = useId()
  const popover = useRef<HTMLDivElement>(null)
  const next = useRef<HTMLButtonElement>(null)
  const target = useTargetBox(step.target)
  const [size, setSize] = useState({ width: 320, height: 160 })

  // Once per tour: remember where focus was, move it to Next (Enter walks the tour; the same
  // button stays focused from step to step), follow the popover's size, give focus back at the end.
  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    next.current?.focus()
    const el = popover.current
    const observer = new ResizeObserver(() => {
      if (el) setSize({ width: el.offsetWidth, height: el.offsetHeight })
    })
    if (el) observer.observe(el)
    return () => {
      observer.disconnect()
      if (opener?.isConnected) opener.focus()
    }
  }, [])

  // Escape ends the tour even when focus has wandered off the popover (a click on the canvas).
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault()
        actOnTour('close')
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])

  const viewport = { width: window.innerWidth, height: window.innerHeight }
  const at = placePopover(target, size, viewport, step.placement)
  const last = index === count - 1
  return (
    <>
      {target && (
        <div
          className="tour-ring"
          data-testid="tour-ring"
          aria-hidden="true"
          style={{
            left: target.left - 4,
            top: target.top - 4,
            width: target.width + 8,
            height: target.height + 8,
          }}
        />
      )}
      <div
        ref={popover}
        className="tour-popover"
        role="dialog"
        aria-modal="false"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        data-testid="tour"
        data-step={step.id}
        style={{ left: at.left, top: at.top }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight') actOnTour('next')
          else if (e.key === 'ArrowLeft') actOnTour('back')
        }}
      >
        <p className="tour-count" data-testid="tour-count">
          Step {index + 1} of {count}
        </p>
        <h2 id={titleId} className="tour-title">
          {step.title}
        </h2>
        <p id={bodyId} className="tour-body">
          {step.body}
        </p>
        <div className="tour-actions">
          <button
            type="button"
            className="btn"
            disabled={index === 0}
            onClick={() => {
              actOnTour('back')
              // Back turns disabled on the first step: keep focus in the popover.
              if (index === 1) next.current?.focus()
            }}
          >
            Back
          </button>
          <button ref={next} type="button" className="btn btn-primary" onClick={() => actOnTour('next')}>
            {last ? 'Done' : 'Next'}
          </button>
          <button type="button" className="btn tour-skip" onClick={() => actOnTour('skip')}>
            Skip tour
          </button>
        </div>
      </div>
    </>
  )
}
