import 'uplot/dist/uPlot.min.css'
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import type { ChartData } from './chartSeries'
import { withCpuCanvases } from './cpuCanvas'

const HEIGHT = 130
/** Series colours: the current run's, then earlier runs' (dimmer). */
const CURRENT = ['#5aa9ff', '#f2a34b']
const EARLIER = ['#9aa4b2aa', '#6cd39baa', '#b58cf0aa', '#c9a27eaa']

/** How a series is drawn: a line, or points only (validation results at epoch ends). */
export interface SeriesStyle {
  readonly points?: boolean
  /** An earlier run's curve, drawn dimmer. */
  readonly earlier?: boolean
}

function chartOptions(
  width: number,
  data: ChartData,
  styles: readonly SeriesStyle[],
  logScale: boolean,
): uPlot.Options {
  let earlier = 0
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    // drag across to zoom in on steps; a double click zooms back out
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: false }, y: logScale ? { distr: 3 } : {} },
    axes: [
      { stroke: '#9aa4b2', grid: { stroke: '#2a303a' }, size: 28 },
      { stroke: '#9aa4b2', grid: { stroke: '#2a303a' }, size: 48 },
    ],
    series: [
      { label: 'step' },
      ...data.labels.map((label, i): uPlot.Series => {
        const style = styles[i] ?? {}
        const stroke = style.earlier ? EARLIER[earlier++ % EARLIER.length]! : CURRENT[i % CURRENT.length]!
        return style.points
          ? { label, stroke, width: 0, points: { show: true, size: 5, fill: stroke } }
          : style.earlier
            ? { label, stroke, width: 1, dash: [4, 3], points: { show: false }, spanGaps: true }
            : { label, stroke, width: 1.25, points: { show: false }, spanGaps: true }
      }),
    ],
  }
}

/**
 * One live chart (uPlot on a canvas). The chart is rebuilt only when its series or scale change;
 * new points are set at most once per animation frame, and the page folds metrics into the
 * store at 5 Hz, so the curve moves at 5 Hz without costing frames.
 */
export function RunChart(props: {
  readonly data: ChartData
  readonly styles: readonly SeriesStyle[]
  readonly logScale?: boolean
  readonly label: string
  readonly testId: string
  /** The caption above the plot. */
  readonly title: string
}) {
  const { data, styles, logScale = false } = props
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const shape = `${data.labels.join('|')}|${logScale}`

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the series or scale change (shape), not per point
  useEffect(() => {
    const el = host.current
    if (!el) return
    const chart = withCpuCanvases(
      () =>
        new uPlot(
          chartOptions(el.clientWidth || 260, data, styles, logScale),
          data.columns as uPlot.AlignedData,
          el,
        ),
    )
    plot.current = chart
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth || 260, height: HEIGHT }))
    resize.observe(el)
    return () => {
      resize.disconnect()
      chart.destroy()
      plot.current = null
    }
  }, [shape])

  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      plot.current?.setData(data.columns as uPlot.AlignedData)
    })
    return () => cancelAnimationFrame(frame)
  }, [data])

  return (
    <div className="run-chart" ref={host} role="img" aria-label={props.label} data-testid={props.testId} />
  )
}
