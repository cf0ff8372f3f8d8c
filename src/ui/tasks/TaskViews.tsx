import './tasks.css'
import { useState } from 'react'
import { appStore } from '../store/appStore'
import { useSession } from '../useSession'
import { DecisionBoundary } from './DecisionBoundary'
import { DigitPad } from './DigitPad'
import { HeldOutResults } from './HeldOutResults'
import { TabularPlayground } from './TabularPlayground'
import type { TaskData } from './taskData'
import { type TaskDataState, useTaskData } from './useTaskData'

/**
 * The task views under the run panel: what the model does with its data, live. 2-D data gets a
 * decision boundary; images get held-out samples (mistakes first), a confusion matrix and a pad
 * to draw a digit on; tables get a confusion matrix and number inputs to try. Every prediction is
 * a `predict` request to the engine worker; the section can be collapsed.
 */
export function TaskViews() {
  const { run } = useSession()
  const state = useTaskData(appStore)
  const [open, setOpen] = useState(true)
  return (
    <section className="task-views" aria-labelledby="task-views-heading" data-testid="task-views">
      <header className="task-views-header">
        <h2 id="task-views-heading">Predictions</h2>
        <button
          type="button"
          className="btn"
          aria-expanded={open}
          aria-controls="task-views-body"
          onClick={() => setOpen((o) => !o)}
        >
          {open ? 'Hide' : 'Show'}
        </button>
      </header>
      {open && (
        <div id="task-views-body" className="task-views-body" data-task={kindOf(state)}>
          <Body state={state} predict={run.predict} />
        </div>
      )}
    </section>
  )
}

function kindOf(state: TaskDataState): string {
  return state.status === 'ready' ? state.data.kind : state.status
}

function Body({ state, predict }: { state: TaskDataState; predict: TaskProps['predict'] }) {
  switch (state.status) {
    case 'none':
      return <p className="task-note">Train a model to see what it predicts on its data.</p>
    case 'loading':
      return <p className="task-note">Loading {state.setup.dataset}…</p>
    case 'error':
      return (
        <p className="task-error" role="alert">
          {state.message}
        </p>
      )
    case 'ready': {
      const key = `${state.setup.dataset}/${state.setup.validationSplit}/${state.setup.seed}`
      return <TaskBody key={key} task={state.data} predict={predict} />
    }
  }
}

interface TaskProps {
  readonly task: TaskData
  readonly predict: ReturnType<typeof useSession>['run']['predict']
}

function TaskBody({ task, predict }: TaskProps) {
  if (task.kind === 'plane') return <DecisionBoundary task={task} predict={predict} />
  if (task.kind === 'images')
    return (
      <>
        <HeldOutResults task={task} predict={predict} />
        <DigitPad predict={predict} classNames={task.classNames} />
      </>
    )
  return (
    <>
      {task.numClasses !== null && <HeldOutResults task={task} predict={predict} />}
      <TabularPlayground task={task} predict={predict} />
    </>
  )
}
