import type { LossCurve, ValidationPoint } from '../store/runSlice'

/** Points drawn per series at most: a curve is thinned to this before it reaches the canvas. */
export const MAX_DRAWN_POINTS = 4000

/** One series over steps: x values ascending, y values (null: no point there). */
export interface StepSeries {
  readonly label: string
  readonly steps: readonly number[]
  readonly values: readonly (number | null)[]
}

/** A run's curves to draw: the current run, or an earlier one overlaid (a version). */
export interface RunCurves {
  readonly label: string
  readonly curve: LossCurve
  readonly validation: readonly ValidationPoint[]
}

/** Chart data in uPlot's layout: one shared x column, then one y column per series. */
export interface ChartData {
  readonly labels: readonly string[]
  readonly columns: readonly [number[], ...(number | null)[][]]
}

/** Every `k`-th point, and always the last, so at most about `max` remain. */
export function thin(series: StepSeries, max = MAX_DRAWN_POINTS): StepSeries {
  const n = series.steps.length
  if (n <= max) return series
  const k = Math.ceil(n / max)
  const keep = (_: unknown, i: number) => i % k === 0 || i === n - 1
  return { ...series, steps: series.steps.filter(keep), values: series.values.filter(keep) }
}

/**
 * Series on one x axis: the union of their steps, each series null where it has no point. A
 * value that cannot be drawn (NaN, Inf, or not positive on a log scale) becomes null too.
 */
export function alignSeries(series: readonly StepSeries[], logScale = false): ChartData {
  const xs = [...new Set(series.flatMap((s) => s.steps))].sort((a, b) => a - b)
  const at = new Map(xs.map((x, i) => [x, i]))
  const drawable = (v: number | null) => (v !== null && Number.isFinite(v) && (!logScale || v > 0) ? v : null)
  const ys = series.map((s) => {
    const column: (number | null)[] = new Array(xs.length).fill(null)
    s.steps.forEach((x, i) => {
      column[at.get(x)!] = drawable(s.values[i] ?? null)
    })
    return column
  })
  return { labels: series.map((s) => s.label), columns: [xs, ...ys] }
}

/** Training loss, validation loss, then each earlier run's training loss (thinned). */
export function lossChart(current: RunCurves, earlier: readonly RunCurves[], logScale: boolean): ChartData {
  return alignSeries(
    [
      thin({ label: 'train loss', steps: current.curve.steps, values: current.curve.losses }),
      {
        label: 'validation loss',
        steps: current.validation.map((v) => v.step),
        values: current.validation.map((v) => v.loss),
      },
      ...earlier.map((run) =>
        thin({ label: `${run.label} train loss`, steps: run.curve.steps, values: run.curve.losses }, 1000),
      ),
    ],
    logScale,
  )
}

/** Validation accuracy (in %) at epoch ends, the current run's then each earlier run's. */
export function accuracyChart(current: RunCurves, earlier: readonly RunCurves[]): ChartData {
  const accuracy = (run: RunCurves, label: string): StepSeries => {
    const points = run.validation.filter((v) => v.accuracy !== null)
    return { label, steps: points.map((v) => v.step), values: points.map((v) => 100 * v.accuracy!) }
  }
  return alignSeries([
    accuracy(current, 'validation accuracy'),
    ...earlier.map((run) => accuracy(run, `${run.label} validation accuracy`)),
  ])
}

/**
 * The learning rate from step 1 to the run's last step. The declarative setup has no schedule, so
 * it is constant: two points, and the chart does not redraw as steps arrive.
 */
export function learningRateChart(totalSteps: number, lr: number | null): ChartData {
  if (lr === null || totalSteps < 1) return alignSeries([{ label: 'learning rate', steps: [], values: [] }])
  const steps = totalSteps > 1 ? [1, totalSteps] : [1]
  return alignSeries([{ label: 'learning rate', steps, values: steps.map(() => lr) }])
}
