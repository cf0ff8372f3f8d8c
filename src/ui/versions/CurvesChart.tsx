import 'uplot/dist/uPlot.min.css'
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import type { LossCurve } from '../store/runSlice'

const HEIGHT = 200
const COLORS = ['#5aa9ff', '#f2a34b']

/** Training-loss curves of several versions overlaid (uPlot, log-scale loss, steps aligned). */
export function CurvesChart({ curves }: { curves: readonly { label: string; curve: LossCurve }[] }) {
  const host = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = host.current
    if (!el) return
    const data = uPlot.join(
      curves.map(({ curve }) => [curve.steps as number[], curve.losses as number[]] as uPlot.AlignedData),
    )
    const chart = new uPlot(
      {
        width: el.clientWidth || 600,
        height: HEIGHT,
        legend: { show: true },
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [
          { stroke: '#9aa4b2', grid: { stroke: '#2a303a' } },
          { stroke: '#9aa4b2', grid: { stroke: '#2a303a' }, size: 50 },
        ],
        series: [
          { label: 'step' },
          ...curves.map((c, i) => ({
            label: c.label,
            stroke: COLORS[i % COLORS.length]!,
            width: 1.25,
            spanGaps: true,
            points: { show: false },
          })),
        ],
      },
      data,
      el,
    )
    return () => chart.destroy()
  }, [curves])
  return (
    <div
      ref={host}
      role="img"
      data-testid="compare-curves"
      aria-label={`Loss curves overlaid: ${curves.map((c) => `${c.label} (${c.curve.steps.length} steps)`).join(', ')}`}
    />
  )
}
