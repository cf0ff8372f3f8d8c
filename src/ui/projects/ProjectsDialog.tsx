import { useRef, useState } from 'react'
import { TEMPLATES } from '../../graph/templates'
import { OPENING_TEMPLATE } from '../actions/loadTemplate'
import { browserDownload } from '../actions/saveFile'
import { Modal } from '../export/Modal'
import { appStore } from '../store/appStore'
import { useApp } from '../store/useApp'
import { clockTime, type ProjectMeta } from './projectModel'
import type { ProjectsController } from './projectsController'
import './projects.css'

/** `14:02:31` today, else the date: when a project was last saved. */
function when(iso: string): string {
  const d = new Date(iso)
  return d.toDateString() === new Date().toDateString() ? clockTime(iso) : d.toLocaleDateString()
}

/** Downloads a project as `<name>.triad-project.json`. */
async function exportProject(projects: ProjectsController, id: string): Promise<void> {
  const file = await projects.exportFile(id)
  if (!file) return
  browserDownload(file.fileName, file.text)
  appStore.getState().notify(`Exported ${file.fileName}.`)
}

function ProjectRow({
  project,
  open,
  projects,
}: {
  project: ProjectMeta
  open: boolean
  projects: ProjectsController
}) {
  const [renaming, setRenaming] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const label = project.name
  return (
    <li className="projects-row" aria-current={open} data-testid={`project-${project.id}`} data-name={label}>
      {renaming ? (
        <input
          type="text"
          className="projects-name"
          aria-label={`New name for ${label}`}
          defaultValue={label}
          // biome-ignore lint/a11y/noAutofocus: the field appears because the user asked to rename
          autoFocus
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              const name = e.currentTarget.value
              setRenaming(false)
              void projects.rename(project.id, name)
            } else if (e.key === 'Escape') {
              e.stopPropagation()
              setRenaming(false)
            }
          }}
          onBlur={() => setRenaming(false)}
        />
      ) : (
        <span className="projects-name" title={label}>
          {label}
          {open ? ' (open)' : ''}
        </span>
      )}
      <span className="projects-when">saved {when(project.updatedAt)}</span>
      <button
        type="button"
        className="btn"
        disabled={open}
        aria-label={`Open ${label}`}
        onClick={() => void projects.open(project.id)}
      >
        Open
      </button>
      <button type="button" className="btn" aria-label={`Rename ${label}`} onClick={() => setRenaming(true)}>
        Rename
      </button>
      <button
        type="button"
        className="btn"
        aria-label={`Duplicate ${label}`}
        onClick={() => void projects.duplicate(project.id)}
      >
        Duplicate
      </button>
      <button
        type="button"
        className="btn"
        aria-label={`Export ${label}`}
        onClick={() => void exportProject(projects, project.id)}
      >
        Export
      </button>
      {confirming ? (
        <>
          <button
            type="button"
            className="btn"
            aria-label={`Confirm deleting ${label}`}
            onClick={() => {
              setConfirming(false)
              void projects.remove(project.id)
            }}
          >
            Delete for good
          </button>
          <button type="button" className="btn" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </>
      ) : (
        <button
          type="button"
          className="btn"
          aria-label={`Delete ${label}`}
          onClick={() => setConfirming(true)}
        >
          Delete
        </button>
      )}
    </li>
  )
}

/**
 * The projects dialog: new project from a template, import a project file, and the saved projects
 * with open, rename, duplicate, export and delete (deleting asks once more).
 */
export function ProjectsDialog({ projects }: { projects: ProjectsController }) {
  const open = useApp((s) => s.projectsDialogOpen)
  const list = useApp((s) => s.projects)
  const current = useApp((s) => s.project?.id ?? null)
  const problem = useApp((s) => s.projectSave.problem)
  const [template, setTemplate] = useState(OPENING_TEMPLATE)
  const input = useRef<HTMLInputElement>(null)
  if (!open) return null
  const close = () => appStore.getState().setProjectsDialogOpen(false)
  return (
    <Modal title="Projects" testId="projects-dialog" onClose={close}>
      {projects.repository.kind === 'memory' && (
        <p className="notice tone-error" role="alert">
          {problem ?? 'Projects are kept in memory only: export them to keep them.'}
        </p>
      )}
      <div className="projects-new">
        <label>
          New project from{' '}
          <select
            aria-label="Template for the new project"
            value={template}
            onChange={(e) => setTemplate(e.target.value)}
          >
            {TEMPLATES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn"
          onClick={() => {
            close()
            void projects.create(template)
          }}
        >
          Create
        </button>
        <button type="button" className="btn" onClick={() => input.current?.click()}>
          Import project file…
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          aria-label="Import project file"
          data-testid="project-import-input"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0]
            e.target.value = ''
            if (file)
              void file.text().then(async (text) => {
                if (await projects.importFile(file.name, text)) close()
              })
          }}
        />
      </div>
      <ul className="projects-list" aria-label="Saved projects">
        {list.map((p) => (
          <ProjectRow key={p.id} project={p} open={p.id === current} projects={projects} />
        ))}
      </ul>
    </Modal>
  )
}
