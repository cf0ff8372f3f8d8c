import { useApp } from '../store/useApp'
import { runProgress } from './progress'

/** The run's progress: a bar of steps done, with epoch, step, steps/s and the ETA as text. */
export function RunProgressBar() {
  const status = useApp((s) => s.run.status)
  const stepsPerSecond = useApp((s) => s.run.stepsPerSecond)
  const progress = runProgress(status, stepsPerSecond)
  return (
    <div className="run-progress" data-testid="run-progress">
      <progress
        max={1}
        value={progress.fraction}
        aria-label="Training progress"
        aria-valuetext={progress.text}
      />
      <span className="run-progress-text" data-testid="run-progress-text">
        {progress.text}
      </span>
    </div>
  )
}
