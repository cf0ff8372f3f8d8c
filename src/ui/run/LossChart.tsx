import 'uplot/dist/uPlot.min.css'
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import { useApp } from '../store/useApp'

const HEIGHT = 150

/** The chart's options: steps on x, loss on a log scale on y, validation loss as points. */
function chartOptions(width: number): uPlot.Options {
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: false }, y: { distr: 3 } },
    axes: [
      { stroke: '#9aa4b2', grid: { stroke: '#2a303a' }, size: 28 },
      { stroke: '#9aa4b2', grid: { stroke: '#2a303a' }, size: 44 },
    ],
    series: [
      { label: 'step' },
      { label: 'loss', stroke: '#5aa9ff', width: 1.25, points: { show: false } },
      { label: 'validation loss', stroke: '#f2a34b', width: 0, points: { show: true, size: 5 } },
    ],
  }
}

/**
 * The live loss curve (uPlot on a canvas): training loss per step, validation loss at epoch ends.
 * Redraws at most once per animation frame however often metrics arrive, so the page stays free.
 */
export function LossChart() {
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const curve = useApp((s) => s.run.curve)
  const validation = useApp((s) => s.run.validation)

  useEffect(() => {
    const el = host.current
    if (!el) return
    const chart = new uPlot(chartOptions(el.clientWidth || 260), [[], [], []], el)
    plot.current = chart
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth || 260, height: HEIGHT }))
    resize.observe(el)
    return () => {
      resize.disconnect()
      chart.destroy()
      plot.current = null
    }
  }, [])

  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const chart = plot.current
      if (!chart) return
      // validation points sit on the training steps' x positions; elsewhere null (no point drawn)
      const at = new Map(validation.map((v) => [v.step, v.loss]))
      const validationColumn = curve.steps.map((s) => at.get(s) ?? null)
      chart.setData([curve.steps as number[], curve.losses as number[], validationColumn])
    })
    return () => cancelAnimationFrame(frame)
  }, [curve, validation])

  return (
    <div
      className="loss-chart"
      ref={host}
      role="img"
      aria-label={
        curve.losses.length > 0
          ? `Loss curve: ${curve.losses.length} steps, last loss ${curve.losses.at(-1)!.toPrecision(4)}`
          : 'Loss curve: no steps yet'
      }
      data-testid="loss-chart"
    />
  )
}
