import { useMemo, useState } from 'react'
import { useApp } from '../store/useApp'
import { accuracyChart, learningRateChart, lossChart, type RunCurves } from './chartSeries'
import { RunChart } from './RunChart'

/** Earlier runs overlaid at most (the latest ones). */
const MAX_OVERLAID = 3

/**
 * The live plots: training and validation loss (log scale by default, with a toggle), validation
 * accuracy, and the learning rate; the curves of earlier runs (the versions) can be overlaid.
 * Drag across a plot to zoom into a range of steps; double-click to zoom out.
 */
export function LossChart() {
  const curve = useApp((s) => s.run.curve)
  const validation = useApp((s) => s.run.validation)
  const lr = useApp((s) => s.run.lr ?? null)
  const versions = useApp((s) => s.versions)
  const [logScale, setLogScale] = useState(true)
  const [overlay, setOverlay] = useState(true)

  const totalSteps = useApp((s) => s.run.status?.totalSteps ?? 0)
  // the run that just finished is the latest version: it is the current curve, not an earlier one
  const latestIsThisRun = versions.at(-1)?.curve === curve
  const earlier: RunCurves[] = useMemo(
    () =>
      overlay
        ? versions
            .slice(0, latestIsThisRun ? -1 : undefined)
            .filter((v) => v.curve.steps.length > 0)
            .slice(-MAX_OVERLAID)
            .map((v) => ({ label: v.version, curve: v.curve, validation: v.validation }))
        : [],
    [overlay, versions, latestIsThisRun],
  )
  const current: RunCurves = useMemo(() => ({ label: 'this run', curve, validation }), [curve, validation])
  const loss = useMemo(() => lossChart(current, earlier, logScale), [current, earlier, logScale])
  // validation points and the learning rate change at epoch ends and run starts, not per step
  const accuracy = useMemo(
    () => accuracyChart({ label: 'this run', curve: { steps: [], losses: [] }, validation }, earlier),
    [validation, earlier],
  )
  const rate = useMemo(() => learningRateChart(totalSteps, lr), [totalSteps, lr])
  const lossStyles = [{}, { points: true }, ...earlier.map(() => ({ earlier: true }))]
  const accuracyStyles = [{ points: true }, ...earlier.map(() => ({ earlier: true, points: true }))]
  const lastValidation = validation.at(-1)

  return (
    <section className="run-plots" aria-labelledby="run-plots-heading">
      <div className="run-plots-header">
        <h3 id="run-plots-heading">Plots</h3>
        <label>
          <input type="checkbox" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} /> log
          scale
        </label>
        <label>
          <input type="checkbox" checked={overlay} onChange={(e) => setOverlay(e.target.checked)} /> earlier
          runs
          {earlier.length > 0 ? ` (${earlier.map((r) => r.label).join(', ')})` : ''}
        </label>
      </div>
      <RunChart
        data={loss}
        styles={lossStyles}
        logScale={logScale}
        testId="loss-chart"
        title={`Loss: train (line), validation (dots)${earlier.length > 0 ? ', earlier runs dashed' : ''}`}
        label={
          curve.losses.length > 0
            ? `Loss curve: ${curve.losses.length} steps, last loss ${curve.losses.at(-1)!.toPrecision(4)}`
            : 'Loss curve: no steps yet'
        }
      />
      <RunChart
        data={accuracy}
        styles={accuracyStyles}
        testId="accuracy-chart"
        title="Validation accuracy (%)"
        label={
          lastValidation?.accuracy != null
            ? `Validation accuracy: ${(100 * lastValidation.accuracy).toFixed(1)}% after epoch ${lastValidation.epoch}`
            : 'Validation accuracy: none yet'
        }
      />
      <RunChart
        data={rate}
        styles={[{}]}
        testId="lr-chart"
        title="Learning rate"
        label={lr === null ? 'Learning rate: no run yet' : `Learning rate: ${lr} (constant)`}
      />
    </section>
  )
}
