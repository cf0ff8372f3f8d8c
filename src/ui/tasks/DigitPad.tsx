import { type PointerEvent, useEffect, useRef, useState } from 'react'
import { useApp } from '../store/useApp'
import { ClassProbabilities } from './ClassProbabilities'
import { probabilities } from './classColors'
import { inkFromRgba, MNIST_SIDE, toMnistInput } from './drawing'
import type { PredictFn } from './predictInChunks'
import { canPredict } from './refreshLoop'

/** Drawing canvas pixels per side (6 per MNIST pixel). */
const PAD = 168
/** Stroke width in pad pixels: about 2.3 MNIST pixels, like MNIST's pen. */
const PEN = 14

/**
 * The prediction playground for digits: draw with the mouse (or a finger) on a black pad; when a
 * stroke ends the drawing is scaled into 28 x 28 the way MNIST's digits were (`toMnistInput`),
 * shown as the model sees it, and predicted through the engine worker.
 */
export function DigitPad({
  predict,
  classNames,
}: {
  predict: PredictFn
  classNames?: readonly string[] | undefined
}) {
  const pad = useRef<HTMLCanvasElement>(null)
  const seen = useRef<HTMLCanvasElement>(null)
  const last = useRef<{ x: number; y: number } | null>(null)
  const [probs, setProbs] = useState<Float32Array | null>(null)
  const [error, setError] = useState<string | null>(null)
  const phase = useApp((s) => s.run.status?.phase)

  const clear = () => {
    const ctx = pad.current?.getContext('2d')
    if (ctx) {
      ctx.fillStyle = '#000'
      ctx.fillRect(0, 0, PAD, PAD)
    }
    seen.current?.getContext('2d')?.clearRect(0, 0, MNIST_SIDE, MNIST_SIDE)
    setProbs(null)
  }
  useEffect(clear, [])

  const at = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect()
    return { x: ((e.clientX - r.left) / r.width) * PAD, y: ((e.clientY - r.top) / r.height) * PAD }
  }
  const line = (to: { x: number; y: number }) => {
    const ctx = pad.current?.getContext('2d')
    if (!ctx) return
    const from = last.current ?? to
    ctx.strokeStyle = '#fff'
    ctx.lineWidth = PEN
    ctx.lineCap = 'round'
    ctx.lineJoin = 'round'
    ctx.beginPath()
    ctx.moveTo(from.x, from.y)
    ctx.lineTo(to.x + (from === to ? 0.01 : 0), to.y)
    ctx.stroke()
    last.current = to
  }
  const finish = async () => {
    if (!last.current) return
    last.current = null
    const ctx = pad.current?.getContext('2d')
    if (!ctx) return
    const input = toMnistInput(inkFromRgba(ctx.getImageData(0, 0, PAD, PAD).data, PAD, PAD), PAD, PAD)
    showInput(seen.current, input)
    if (!canPredict(phase)) {
      setError('Train the model first: the playground predicts with the weights of the compiled run.')
      return
    }
    try {
      const answer = await predict(input, 1)
      setProbs(probabilities(answer.output, 1, answer.output.length))
      setError(null)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }

  return (
    <section className="task-pad" aria-labelledby="digit-pad-heading">
      <h3 id="digit-pad-heading">Draw a digit</h3>
      <div className="task-pad-row">
        <canvas
          ref={pad}
          width={PAD}
          height={PAD}
          className="task-pad-canvas"
          data-testid="digit-pad"
          aria-label="Drawing pad: draw a digit with the mouse; the model predicts it when you release"
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId)
            last.current = null
            line(at(e))
          }}
          onPointerMove={(e) => {
            if (last.current) line(at(e))
          }}
          onPointerUp={() => void finish()}
          onPointerCancel={() => void finish()}
        />
        <div className="task-pad-side">
          <canvas
            ref={seen}
            width={MNIST_SIDE}
            height={MNIST_SIDE}
            className="task-pad-seen"
            aria-label="The drawing as the model sees it (28 by 28)"
            role="img"
          />
          <button type="button" className="btn" onClick={clear}>
            Clear
          </button>
        </div>
      </div>
      {error && (
        <p className="task-error" role="alert">
          {error}
        </p>
      )}
      {probs && <ClassProbabilities probs={probs} classNames={classNames} testId="digit-prediction" />}
    </section>
  )
}

function showInput(el: HTMLCanvasElement | null, input: Float32Array): void {
  const ctx = el?.getContext('2d')
  if (!ctx) return
  const rgba = new Uint8ClampedArray(input.length * 4)
  for (let i = 0; i < input.length; i++) {
    const v = Math.round(255 * input[i]!)
    rgba.set([v, v, v, 255], 4 * i)
  }
  ctx.putImageData(new ImageData(rgba, MNIST_SIDE, MNIST_SIDE), 0, 0)
}
