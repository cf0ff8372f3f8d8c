import type { RunStatus } from '../../workers/engine/protocol'

/** The progress bar's figures: how far the run is, and the line of text beside it. */
export interface RunProgress {
  /** 0..1 of the run's steps. */
  readonly fraction: number
  /** `epoch 3 of 50 · step 120 of 1250 · 412 steps/s · ETA 3 s` */
  readonly text: string
}

/** `3 s`, `2 min 05 s`, `1 h 04 min`: a duration as a person reads it. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–'
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`
}

/**
 * The progress of a run: the fraction of its steps done and a line with epoch, step, speed and the
 * time left at the current speed (no ETA while nothing runs or the speed is unknown).
 */
export function runProgress(status: RunStatus | null, stepsPerSecond: number): RunProgress {
  if (!status || status.totalSteps <= 0) return { fraction: 0, text: 'No run yet' }
  const fraction = Math.min(1, Math.max(0, status.step / status.totalSteps))
  const parts = [`epoch ${status.epoch} of ${status.epochs}`, `step ${status.step} of ${status.totalSteps}`]
  const running = status.phase === 'training'
  if (running && stepsPerSecond > 0) {
    parts.push(`${stepsPerSecond >= 100 ? stepsPerSecond.toFixed(0) : stepsPerSecond.toPrecision(2)} steps/s`)
    parts.push(`ETA ${formatDuration((status.totalSteps - status.step) / stepsPerSecond)}`)
  }
  return { fraction, text: parts.join(' · ') }
}
