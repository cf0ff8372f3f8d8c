import './run.css'
import type { BackendChoice } from '../../workers/engine/protocol'
import { DataPanel } from '../data/DataPanel'
import { appStore } from '../store/appStore'
import { useApp } from '../store/useApp'
import { useSession } from '../useSession'
import { describeRun, isAlarm, runControls } from './describeRun'
import { LossChart } from './LossChart'
import { RunProgressBar } from './RunProgressBar'
import { RunSettings } from './RunSettings'

const BACKENDS: readonly { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'Auto' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'cpu', label: 'CPU' },
]

const fixed = (v: number | null | undefined, digits = 4) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toPrecision(digits)

/**
 * The run panel: the data (dataset, preview, split, fit), the hyperparameters, the backend,
 * Train / Pause / Resume / Step / Stop, a progress bar with ETA, the status as text (a live
 * region), the latest figures and the live plots. Training runs in the engine worker; every
 * button is a message to it, so the page never waits on the GPU.
 */
export function RunPanel() {
  const { run } = useSession()
  const status = useApp((s) => s.run.status)
  const backend = useApp((s) => s.run.backend)
  const error = useApp((s) => s.run.error)
  const lastLoss = useApp((s) => s.run.curve.losses.at(-1))
  const lastValidation = useApp((s) => s.run.validation.at(-1))
  const stepsPerSecond = useApp((s) => s.run.stepsPerSecond)
  const controls = runControls(status?.phase)
  // a refused request is reported through the panel's error; the promise is not needed here
  const act = (p: Promise<unknown>) => void p.catch(() => undefined)
  const alarm = isAlarm(status) ? status!.message : error

  return (
    <section className="run-panel" aria-labelledby="run-heading" data-testid="run-panel">
      <header className="run-header">
        <h2 id="run-heading">Training</h2>
        <label className="run-backend">
          <span>Backend</span>
          <select
            aria-label="Backend"
            value={backend}
            disabled={!controls.backend}
            onChange={(e) => appStore.getState().setRunBackend(e.target.value as BackendChoice)}
          >
            {BACKENDS.map((b) => (
              <option key={b.value} value={b.value}>
                {b.label}
              </option>
            ))}
          </select>
        </label>
      </header>
      <DataPanel disabled={!controls.backend} />
      <RunSettings disabled={!controls.backend} />
      <div className="run-buttons">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!controls.train}
          onClick={() => act(run.train())}
        >
          Train
        </button>
        <button type="button" className="btn" disabled={!controls.pause} onClick={() => act(run.pause())}>
          Pause
        </button>
        <button type="button" className="btn" disabled={!controls.resume} onClick={() => act(run.resume())}>
          Resume
        </button>
        <button type="button" className="btn" disabled={!controls.step} onClick={() => act(run.step(1))}>
          Step
        </button>
        <button type="button" className="btn" disabled={!controls.stop} onClick={() => act(run.stop())}>
          Stop
        </button>
      </div>
      <RunProgressBar />
      <p className="run-status" role="status" data-testid="run-status" data-phase={status?.phase ?? 'idle'}>
        {describeRun(status)}
      </p>
      {status?.backendReason && (
        <p className="run-note" data-testid="run-backend-reason">
          {status.backendReason}
        </p>
      )}
      {alarm && (
        <p className="run-alarm" role="alert" data-testid="run-alarm">
          {alarm}
        </p>
      )}
      <dl className="run-figures">
        <dt>loss</dt>
        <dd data-testid="run-loss">{fixed(lastLoss)}</dd>
        <dt>validation</dt>
        <dd data-testid="run-validation">
          {fixed(lastValidation?.loss)}
          {lastValidation?.accuracy != null && ` · ${(100 * lastValidation.accuracy).toFixed(1)}%`}
        </dd>
        <dt>speed</dt>
        <dd>{stepsPerSecond > 0 ? `${stepsPerSecond.toFixed(0)} steps/s` : '–'}</dd>
      </dl>
      <LossChart />
    </section>
  )
}
