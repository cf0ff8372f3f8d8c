import { useCallback, useEffect, useState } from 'react'
import { appStore } from '../store/appStore'
import { ClassProbabilities } from './ClassProbabilities'
import { probabilities } from './classColors'
import type { PredictFn } from './predictInChunks'
import { canPredict } from './refreshLoop'
import type { TaskData } from './taskData'
import { useRefreshLoop } from './useRefreshLoop'

/** Refreshes while training: once a second (one row; the weights move, the inputs stay). */
const REFRESH_MS = 1000

/**
 * The prediction playground for tables: one number input per feature (starting at the training
 * mean), and the model's answer for those values, predicted again on every change, every second
 * while the run trains and when it settles.
 */
export function TabularPlayground({ task, predict }: { task: TaskData; predict: PredictFn }) {
  const width = task.sampleShape.reduce((a, b) => a * b, 1)
  const [values, setValues] = useState<string[]>(() =>
    Array.from({ length: width }, (_, i) => Number((task.featureMeans[i] ?? 0).toPrecision(4)).toString()),
  )
  const [answer, setAnswer] = useState<Float32Array | null>(null)
  const [error, setError] = useState<string | null>(null)

  const refresh = useCallback(async () => {
    if (!canPredict(appStore.getState().run.status?.phase)) return
    const input = Float32Array.from(values, (v) => Number(v))
    if (values.some((v) => v.trim() === '') || input.some((v) => !Number.isFinite(v))) {
      setError('Every feature needs a number.')
      return
    }
    try {
      setAnswer((await predict(input, 1)).output)
      setError(null)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }, [values, predict])
  useRefreshLoop(refresh, REFRESH_MS, true)
  // a new value is answered at once, not at the next tick
  useEffect(() => {
    void refresh()
  }, [refresh])

  const names = task.featureNames ?? Array.from({ length: width }, (_, i) => `x${i}`)
  return (
    <section className="task-table" aria-labelledby="tabular-heading">
      <h3 id="tabular-heading">Try values</h3>
      <div className="task-inputs">
        {names.map((name, i) => (
          <label key={name}>
            <span>{name}</span>
            <input
              type="number"
              step="any"
              value={values[i] ?? ''}
              data-testid={`playground-input-${i}`}
              onChange={(e) => setValues((vs) => vs.map((v, j) => (j === i ? e.target.value : v)))}
            />
          </label>
        ))}
      </div>
      {error && (
        <p className="task-error" role="alert">
          {error}
        </p>
      )}
      {answer &&
        (task.numClasses !== null ? (
          <ClassProbabilities
            probs={probabilities(answer, 1, answer.length)}
            classNames={task.classNames}
            testId="playground-prediction"
          />
        ) : (
          <p role="status" data-testid="playground-prediction">
            Prediction: <strong>{Array.from(answer, (v) => v.toPrecision(4)).join(', ')}</strong>
          </p>
        ))}
    </section>
  )
}
