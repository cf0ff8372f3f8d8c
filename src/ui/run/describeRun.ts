import type { RunPhase, RunStatus } from '../../workers/engine/protocol'

/** Which run controls make sense in a phase. */
export interface RunControls {
  readonly train: boolean
  readonly pause: boolean
  readonly resume: boolean
  readonly step: boolean
  readonly stop: boolean
  /** The backend choice can change only when nothing runs. */
  readonly backend: boolean
}

const BUSY: readonly RunPhase[] = ['compiling', 'training', 'recovering']

/** The controls enabled in `phase` (no status yet: only Train). */
export function runControls(phase: RunPhase | undefined): RunControls {
  const busy = phase !== undefined && BUSY.includes(phase)
  return {
    train: !busy,
    pause: phase === 'training',
    resume: phase === 'paused',
    step: phase === 'paused' || phase === 'ready',
    stop: phase === 'training' || phase === 'paused' || phase === 'recovering',
    backend: !busy,
  }
}

const PHASE_WORDS: Record<RunPhase, string> = {
  idle: 'Not trained yet',
  compiling: 'Compiling',
  ready: 'Ready',
  training: 'Training',
  paused: 'Paused',
  recovering: 'Recovering',
  done: 'Done',
  stopped: 'Stopped',
  failed: 'Failed',
}

/**
 * The run's status as one readable line, for the panel's live region and screen readers:
 * `Training on WebGPU (swiftshader): step 120 of 1250, epoch 3 of 50`.
 */
export function describeRun(status: RunStatus | null): string {
  if (!status) return 'Not trained yet'
  const where = status.backend
    ? ` on ${status.backend === 'webgpu' ? 'WebGPU' : 'the CPU'}${status.adapter && status.backend === 'webgpu' ? ` (${status.adapter})` : ''}`
    : ''
  const progress =
    status.totalSteps > 0
      ? `: step ${status.step} of ${status.totalSteps}, epoch ${status.epoch} of ${status.epochs}`
      : ''
  return `${PHASE_WORDS[status.phase]}${where}${progress}`
}

/** Whether the status' message is a problem to show as an alert (not a routine note). */
export function isAlarm(status: RunStatus | null): boolean {
  return (
    !!status?.message &&
    (status.phase === 'failed' || (status.phase === 'paused' && status.reason !== 'user'))
  )
}
