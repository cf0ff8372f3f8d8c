import { useCallback, useEffect, useRef, useState } from 'react'
import { cpuContext } from '../run/cpuCanvas'
import { appStore } from '../store/appStore'
import { gridPoints, type PlaneRange, planeRange, toPixel } from './boundaryGrid'
import {
  argmaxRows,
  boundaryPixels,
  CLASS_COLORS,
  classShares,
  imageHash,
  probabilities,
} from './classColors'
import type { PredictFn } from './predictInChunks'
import type { TaskData } from './taskData'
import { useRefreshLoop } from './useRefreshLoop'

/** Cells per side of the boundary picture (64 x 64 predictions per refresh). */
export const GRID_SIZE = 64
/** Canvas pixels per side. */
const PICTURE = 240
/** Refreshes while training: four a second. */
const REFRESH_MS = 250

/** What the last picture showed, for its accessible label and the test's hash. */
interface Picture {
  readonly hash: string
  readonly step: number
  readonly shares: readonly number[]
}

/**
 * The decision boundary of a 2-D classifier (TensorFlow Playground's view): a 64 x 64 grid over
 * the data's range is predicted through the engine worker four times a second while training
 * (and once when the run settles), painted in class colours faded by confidence, with the
 * training points on top. `data-image-hash` changes whenever the picture does.
 */
export function DecisionBoundary({ task, predict }: { task: TaskData; predict: PredictFn }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const [picture, setPicture] = useState<Picture | null>(null)
  const [error, setError] = useState<string | null>(null)
  // the grid is fixed for the task (the component is keyed by it): made once, reused by every refresh
  const [{ range, grid }] = useState(() => {
    const r = planeRange(task.train?.xy ?? task.heldOut.features)
    return { range: r, grid: gridPoints(r, GRID_SIZE) }
  })

  const refresh = useCallback(async () => {
    const step = appStore.getState().run.status?.step ?? 0
    const cells = GRID_SIZE * GRID_SIZE
    let answer: Awaited<ReturnType<PredictFn>>
    try {
      answer = await predict(grid, cells)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      return
    }
    const width = answer.shape.slice(1).reduce((a, b) => a * b, 1)
    const classes = Math.max(2, width)
    const probs = probabilities(answer.output, cells, width)
    const pixels = boundaryPixels(probs, cells, classes)
    const el = canvas.current
    if (el) paint(el, pixels, range, task)
    setError(null)
    setPicture({
      hash: imageHash(pixels),
      step,
      shares: classShares(argmaxRows(probs, cells, classes), classes),
    })
  }, [predict, task, range, grid])
  useRefreshLoop(refresh, REFRESH_MS, true)

  // the points alone until the first prediction arrives
  useEffect(() => {
    const el = canvas.current
    if (el) paint(el, null, range, task)
  }, [task, range])

  const label = picture
    ? `Decision boundary at step ${picture.step}: ${picture.shares.map((s, k) => `${Math.round(100 * s)}% class ${task.classNames?.[k] ?? k}`).join(', ')}`
    : 'Decision boundary: waiting for the first prediction'
  return (
    <figure className="task-boundary">
      <canvas
        ref={canvas}
        width={PICTURE}
        height={PICTURE}
        role="img"
        aria-label={label}
        data-testid="decision-boundary"
        data-image-hash={picture?.hash ?? ''}
        data-step={picture?.step ?? -1}
      />
      <figcaption>
        {task.name}: {GRID_SIZE}×{GRID_SIZE} predictions over x ∈ [{range.xMin.toFixed(1)},{' '}
        {range.xMax.toFixed(1)}], y ∈ [{range.yMin.toFixed(1)}, {range.yMax.toFixed(1)}]
        {picture ? `, step ${picture.step}` : ''}
      </figcaption>
      {error && (
        <p className="task-error" role="alert">
          {error}
        </p>
      )}
    </figure>
  )
}

let sharedGrid: HTMLCanvasElement | null = null

/** The 64 x 64 canvas the predictions are put into before scaling: one for the page, made once. */
function gridCanvas(): HTMLCanvasElement {
  if (!sharedGrid) {
    sharedGrid = document.createElement('canvas')
    sharedGrid.width = GRID_SIZE
    sharedGrid.height = GRID_SIZE
  }
  return sharedGrid
}

/** Paints the boundary (scaled smoothly from the grid) and the training points over it. */
function paint(
  el: HTMLCanvasElement,
  pixels: Uint8ClampedArray | null,
  range: PlaneRange,
  task: TaskData,
): void {
  const ctx = cpuContext(el)
  if (!ctx) return
  ctx.fillStyle = '#181b21'
  ctx.fillRect(0, 0, el.width, el.height)
  if (pixels) {
    const small = gridCanvas()
    cpuContext(small)?.putImageData(new ImageData(new Uint8ClampedArray(pixels), GRID_SIZE, GRID_SIZE), 0, 0)
    ctx.imageSmoothingEnabled = true
    ctx.drawImage(small, 0, 0, el.width, el.height)
  }
  const points = task.train
  if (!points) return
  ctx.lineWidth = 1
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)'
  for (let i = 0; 2 * i + 1 < points.xy.length; i++) {
    const { px, py } = toPixel(range, points.xy[2 * i]!, points.xy[2 * i + 1]!, el.width, el.height)
    const k = points.ids?.[i] ?? 0
    const [r, g, b] = CLASS_COLORS[k % CLASS_COLORS.length]!
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`
    ctx.beginPath()
    ctx.arc(px, py, 2.5, 0, 2 * Math.PI)
    ctx.fill()
    ctx.stroke()
  }
}
