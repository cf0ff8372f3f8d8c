import { ProjectsDialog } from '../projects/ProjectsDialog'
import { clockTime } from '../projects/projectModel'
import { useProjects } from '../projects/useProjects'
import { appStore } from '../store/appStore'
import { useApp } from '../store/useApp'

/** How saving stands, in words: `Saved 14:02:31 · weights of step 400`. */
function SaveStatus() {
  const save = useApp((s) => s.projectSave)
  let text: string
  if (save.status === 'error') text = 'Not saved'
  else if (save.status === 'memory') text = 'Not saved (no storage)'
  else if (save.savedAt) text = `Saved ${clockTime(save.savedAt)}`
  else text = ''
  if (save.status !== 'error' && save.checkpointStep !== null)
    text += ` · weights of step ${save.checkpointStep}`
  return (
    <span
      className="save-status"
      data-testid="project-save-status"
      data-status={save.status}
      data-checkpoint-step={save.checkpointStep ?? ''}
      title={save.problem ?? 'Every change is saved in this browser; the weights of a run every few seconds.'}
    >
      {text}
    </span>
  )
}

/** The Projects button, the projects dialog it opens, and the save status beside it. */
export function ProjectsButton() {
  const projects = useProjects()
  if (!projects) return null
  return (
    <>
      <button
        type="button"
        className="btn"
        aria-haspopup="dialog"
        data-testid="projects-button"
        onClick={() => {
          void projects.refresh()
          appStore.getState().setProjectsDialogOpen(true)
        }}
      >
        Projects…
      </button>
      <SaveStatus />
      <ProjectsDialog projects={projects} />
    </>
  )
}
