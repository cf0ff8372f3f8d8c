import { useCallback, useRef, useState } from 'react'
import { appStore } from '../store/appStore'
import { ConfusionMatrixTable } from './ConfusionMatrixTable'
import { confusionMatrix } from './confusion'
import { type HeldOutPredictions, predictHeldOut } from './heldOutPredictions'
import { PredictionGrid } from './PredictionGrid'
import type { PredictFn } from './predictInChunks'
import type { TaskData } from './taskData'
import { useRefreshLoop } from './useRefreshLoop'

/**
 * Refreshes while training. The held-out pass is a real forward pass over every held-out row
 * (MNIST's CNN on the CPU: about 0.6 s of worker time for 1,000 digits), so it runs every few
 * seconds and at epoch ends, not at the boundary's 4 Hz, and never takes more than about a tenth
 * of the worker's time while it trains (`BUSY_SHARE`).
 */
const REFRESH_MS = 4000
const BUSY_SHARE = 0.1

/**
 * The model on its held-out rows: for images a grid of samples with predicted and true labels
 * (mistakes first), for any classification a confusion matrix.
 */
export function HeldOutResults({ task, predict }: { task: TaskData; predict: PredictFn }) {
  const [result, setResult] = useState<HeldOutPredictions | null>(null)
  const [error, setError] = useState<string | null>(null)
  const last = useRef({ end: Number.NEGATIVE_INFINITY, took: 0 })
  const refresh = useCallback(async () => {
    const { status } = appStore.getState().run
    const start = performance.now()
    if (status?.phase === 'training' && start - last.current.end < last.current.took / BUSY_SHARE) return
    try {
      setResult(await predictHeldOut(predict, task, status?.step ?? 0))
      setError(null)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      last.current = { end: performance.now(), took: performance.now() - start }
    }
  }, [predict, task])
  useRefreshLoop(refresh, REFRESH_MS, true)
  const truth = task.heldOut.ids
  return (
    <div className="task-held-out" data-testid="held-out-results" data-step={result?.step ?? -1}>
      {error && (
        <p className="task-error" role="alert">
          {error}
        </p>
      )}
      {!result && !error && <p className="task-note">Predicting {task.heldOut.size} held-out samples…</p>}
      {result && task.kind === 'images' && <PredictionGrid task={task} result={result} />}
      {result?.predicted && truth && task.numClasses !== null && (
        <ConfusionMatrixTable
          matrix={confusionMatrix(truth, result.predicted, task.numClasses)}
          classNames={task.classNames}
          step={result.step}
        />
      )}
    </div>
  )
}
