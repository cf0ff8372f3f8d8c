import { useEffect, useRef } from 'react'
import { mistakesFirst } from './confusion'
import type { HeldOutPredictions } from './heldOutPredictions'
import type { TaskData } from './taskData'

/** Samples shown in the grid. */
export const GRID_SAMPLES = 36

/** One held-out image (a `[1, h, w]` or `[h, w]` sample, values in [0, 1]) on a small canvas. */
function SampleImage({
  pixels,
  height,
  width,
  label,
}: {
  pixels: Float32Array
  height: number
  width: number
  label: string
}) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d')
    if (!ctx) return
    const rgba = new Uint8ClampedArray(width * height * 4)
    for (let i = 0; i < width * height; i++) {
      const v = Math.round(255 * Math.min(1, Math.max(0, pixels[i]!)))
      rgba[4 * i] = v
      rgba[4 * i + 1] = v
      rgba[4 * i + 2] = v
      rgba[4 * i + 3] = 255
    }
    ctx.putImageData(new ImageData(rgba, width, height), 0, 0)
  }, [pixels, height, width])
  return <canvas ref={canvas} width={width} height={height} role="img" aria-label={label} />
}

/**
 * A grid of held-out images with predicted and true labels, mistakes first (the most confident
 * mistakes lead): where the model goes wrong is what a person wants to see.
 */
export function PredictionGrid({ task, result }: { task: TaskData; result: HeldOutPredictions }) {
  const { heldOut } = task
  const predicted = result.predicted
  const truth = heldOut.ids
  if (!predicted || !truth || !result.confidence) return null
  const [height, width] = task.sampleShape.slice(-2) as [number, number]
  const size = task.sampleShape.reduce((a, b) => a * b, 1)
  // the first channel is what is drawn (MNIST has one)
  const order = mistakesFirst(truth, predicted, result.confidence, GRID_SAMPLES)
  const name = (k: number) => task.classNames?.[k] ?? String(k)
  const mistakes = order.filter((i) => truth[i] !== predicted[i]).length
  return (
    <section className="task-grid" aria-label="Held-out predictions" data-testid="prediction-grid">
      <h3>
        Held-out samples, mistakes first: {mistakes} of the {order.length} shown are wrong
      </h3>
      <ul>
        {order.map((i) => {
          const wrong = truth[i] !== predicted[i]
          return (
            <li
              key={i}
              className={wrong ? 'task-sample task-mistake' : 'task-sample'}
              data-testid="prediction-sample"
              data-mistake={wrong}
            >
              <SampleImage
                pixels={heldOut.features.subarray(i * size, i * size + height * width)}
                height={height}
                width={width}
                label={`sample ${i}: predicted ${name(predicted[i]!)}, true ${name(truth[i]!)}${wrong ? ' (a mistake)' : ''}`}
              />
              <span aria-hidden="true">
                {name(predicted[i]!)}
                {wrong ? <em> (true {name(truth[i]!)})</em> : null}
              </span>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
