import type { CliIo } from './io'

/** Where a run stands after a step. */
export interface StepInfo {
  /** 1-based epoch. */
  readonly epoch: number
  readonly epochs: number
  /** Optimizer steps taken so far (1-based). */
  readonly step: number
  readonly steps: number
  readonly loss: number
}

/** Reports a run's progress: per step, at each epoch's end, and once at the end. */
export interface Progress {
  step(info: StepInfo): void
  /**
   * An epoch's result line (its validation loss and accuracy). Shown for every epoch of a short
   * run; for a long one every k-th epoch and the last, about 20 lines in all.
   */
  epoch(epoch: number, epochs: number, text: string): void
  /** Ends the progress display (the TTY bar's line is finished). */
  done(): void
}

/** `1:05`, `1:02:03`: a duration for an ETA. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?'
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** `epoch 3/50  step 39/650  loss 0.4123  52.1 steps/s  ETA 0:11`: the fields of a progress line. */
export function progressText(info: StepInfo, stepsPerSecond: number): string {
  const eta = stepsPerSecond > 0 ? (info.steps - info.step) / stepsPerSecond : Number.NaN
  return (
    `epoch ${info.epoch}/${info.epochs}  step ${info.step}/${info.steps}  loss ${info.loss.toPrecision(4)}  ` +
    `${stepsPerSecond.toFixed(1)} steps/s  ETA ${formatDuration(eta)}`
  )
}

/** Redraws of the TTY bar are at most this often (a step can take microseconds). */
const REDRAW_MS = 100

/**
 * Progress on stdout. On a terminal: one line redrawn with `\r` (a bar, epoch, step, loss,
 * steps/s, ETA); otherwise plain lines every `every` steps and at the last step, which a log file
 * or a CI job can read.
 */
export function createProgress(
  io: CliIo,
  totalSteps: number,
  every = Math.max(1, Math.ceil(totalSteps / 20)),
): Progress {
  const start = io.now()
  const shown = (epoch: number, epochs: number) => epoch % Math.ceil(epochs / 20) === 0 || epoch === epochs
  let lastDraw = -Infinity
  let drawn = 0
  const rate = (step: number) => {
    const seconds = (io.now() - start) / 1000
    return seconds > 0 ? step / seconds : 0
  }
  if (!io.isTTY)
    return {
      step(info) {
        if (info.step % every === 0 || info.step === info.steps)
          io.out(`${progressText(info, rate(info.step))}\n`)
      },
      epoch(epoch, epochs, text) {
        if (shown(epoch, epochs)) io.out(`${text}\n`)
      },
      done() {},
    }
  const clear = () => {
    if (drawn > 0) io.out(`\r${' '.repeat(drawn)}\r`)
    drawn = 0
  }
  return {
    step(info) {
      const now = io.now()
      if (now - lastDraw < REDRAW_MS && info.step !== info.steps) return
      lastDraw = now
      const width = 20
      const filled = Math.round((width * info.step) / info.steps)
      const text = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${progressText(info, rate(info.step))}`
      const fitted = text.slice(0, Math.max(20, (io.columns ?? 100) - 1))
      clear()
      io.out(fitted)
      drawn = fitted.length
    },
    epoch(epoch, epochs, text) {
      if (!shown(epoch, epochs)) return
      clear()
      io.out(`${text}\n`)
      lastDraw = -Infinity
    },
    done() {
      if (drawn > 0) io.out('\n')
      drawn = 0
    },
  }
}
