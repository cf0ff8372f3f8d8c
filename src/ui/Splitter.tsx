import { type KeyboardEvent, type PointerEvent, useRef } from 'react'

interface SplitterProps {
  /** Accessible name, e.g. "Resize code pane". */
  label: string
  /** Current size of the pane below, as a fraction of the container (0..1). */
  value: number
  min: number
  max: number
  onChange(value: number): void
}

/**
 * A horizontal splitter resizing the pane below it: drag with the pointer, or focus it and use
 * the arrow keys. Exposed as an ARIA separator with its current value.
 */
export function Splitter({ label, value, min, max, onChange }: SplitterProps) {
  const dragging = useRef(false)
  const clamp = (v: number) => Math.min(max, Math.max(min, v))

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = true
    e.currentTarget.setPointerCapture(e.pointerId)
  }
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return
    const box = e.currentTarget.parentElement?.getBoundingClientRect()
    if (!box || box.height === 0) return
    onChange(clamp((box.bottom - e.clientY) / box.height))
  }
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = false
    e.currentTarget.releasePointerCapture(e.pointerId)
  }
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 0.1 : 0.03
    if (e.key === 'ArrowUp') onChange(clamp(value + step))
    else if (e.key === 'ArrowDown') onChange(clamp(value - step))
    else return
    e.preventDefault()
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable, draggable separator has no native element
    <div
      className="splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label={label}
      aria-valuenow={Math.round(value * 100)}
      aria-valuemin={Math.round(min * 100)}
      aria-valuemax={Math.round(max * 100)}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onKeyDown={onKeyDown}
    />
  )
}
