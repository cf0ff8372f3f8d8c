import type { ModelDocument } from '../../graph/document/schema'
import { OPENING_TEMPLATE, templateDocument } from '../actions/loadTemplate'
import type { CodeSync } from '../code/codeSync'
import type { RunController } from '../run/runController'
import type { AppStore } from '../store/appState'
import { type Autosave, type AutosaveOptions, createAutosave } from './autosave'
import { parseProjectFile, projectFileName, serializeProject } from './projectFile'
import { clockTime, copyName, newProjectId, type ProjectContent, type StoredProject } from './projectModel'
import { memoryRepository, type ProjectRepository } from './projectRepository'
import { showProject } from './showProject'
import { describeStorageProblem } from './storageProblems'

/** The project verbs, for the projects dialog and the tests. */
export interface ProjectsController {
  readonly repository: ProjectRepository
  readonly autosave: Autosave
  /** Re-reads the project list into the store. */
  refresh(): Promise<void>
  /** Saves the open project and opens a new one made from a template. */
  create(templateId: string): Promise<boolean>
  /** Saves the open project and opens another; refused while a run is in progress. */
  open(id: string): Promise<boolean>
  /** Renames a project and its model. */
  rename(id: string, name: string): Promise<boolean>
  /** Copies a project (document, versions, weights) under a new name; the open project stays open. */
  duplicate(id: string): Promise<boolean>
  /** Deletes a project; deleting the open one opens the next (or a new one from the opening template). */
  remove(id: string): Promise<boolean>
  /** A project as a file (`<name>.triad-project.json`), the open one with its latest changes. */
  exportFile(id: string): Promise<{ fileName: string; text: string } | null>
  /** Adds a project from a file and opens it; a bad file changes nothing and lists its problems. */
  importFile(fileName: string, text: string): Promise<boolean>
  destroy(): void
}

export interface ProjectsDeps {
  codeSync: Pick<CodeSync, 'edit'>
  run: Pick<RunController, 'checkpoint'>
  /** Opens the browser's store (IndexedDB); when it throws, projects live in memory and the app says why. */
  openRepository: () => Promise<ProjectRepository>
  autosave?: AutosaveOptions
  now?: () => Date
}

/** Phases in which the engine worker runs (or is about to run) the open project's model. */
const RUNNING = new Set(['compiling', 'training', 'paused', 'recovering'])

const EMPTY_CONTENT = {
  untracedCode: null,
  currentVersion: null,
  curve: { steps: [], losses: [] },
  validation: [],
} as const

/**
 * Starts projects for the app: opens the repository, reopens the last project (document, code,
 * versions, last curve, latest weights) with a notice "Restored <name> (saved hh:mm:ss)", or makes
 * the document the store holds (the opening template) the first project; then autosaves.
 * Never throws: a storage failure leaves the app working in memory, with a notice naming the cause
 * and the fix.
 */
export async function startProjects(store: AppStore, deps: ProjectsDeps): Promise<ProjectsController> {
  const now = deps.now ?? (() => new Date())
  const notify = (text: string, tone: 'info' | 'error' = 'info') => store.getState().notify(text, tone)
  let repository: ProjectRepository
  try {
    repository = await deps.openRepository()
  } catch (e) {
    repository = memoryRepository()
    const problem = describeStorageProblem(e, 'open the saved projects')
    store.getState().setProjectSave({ status: 'memory', problem: problem.message })
    notify(problem.message, 'error')
  }
  const autosave = createAutosave(store, repository, deps.run, { now, ...deps.autosave })
  const stamp = () => now().toISOString()

  const newProject = (doc: ModelDocument, content: Partial<ProjectContent> = {}): StoredProject => {
    const at = stamp()
    return {
      meta: { id: newProjectId(now()), name: doc.name, createdAt: at, updatedAt: at },
      content: { ...EMPTY_CONTENT, ...content, doc },
      versions: [],
      weights: null,
    }
  }
  const refresh = async () => {
    try {
      store.getState().setProjects(await repository.list())
    } catch (e) {
      notify(describeStorageProblem(e, 'list the saved projects').message, 'error')
    }
  }
  /** Shows `project` and saves into it from now on. */
  const switchTo = async (project: StoredProject) => {
    await autosave.detach()
    showProject(store, project, deps.codeSync)
    store.getState().setProjectSave({
      checkpointStep: project.weights?.step ?? null,
      checkpointAt: project.weights?.savedAt ?? null,
    })
    autosave.attach(project)
    await repository.setLastOpened(project.meta.id).catch(() => undefined)
  }
  const refuseWhileRunning = (verb: string): boolean => {
    const phase = store.getState().run.status?.phase
    if (!phase || !RUNNING.has(phase)) return false
    notify(`Stop the run before you ${verb}: the engine is ${phase} the open project's model.`, 'error')
    return true
  }
  const guarded = async (action: string, work: () => Promise<boolean>): Promise<boolean> => {
    try {
      return await work()
    } catch (e) {
      const problem = describeStorageProblem(e, action)
      store.getState().setProjectSave({ status: 'error', problem: problem.message })
      notify(problem.message, 'error')
      return false
    }
  }
  const loadProject = async (id: string): Promise<StoredProject | null> => {
    if (id === autosave.projectId) await autosave.flush()
    const project = await repository.load(id)
    if (!project) notify(`There is no saved project ${id}; it may have been deleted in another tab.`, 'error')
    return project
  }
  const openFresh = async (doc: ModelDocument, content: Partial<ProjectContent> = {}) => {
    const project = newProject(doc, content)
    await repository.create(project)
    await switchTo(project)
    await refresh()
    return project
  }

  // Reopen the last project, or make the document on screen the first one.
  let restored: StoredProject | null = null
  try {
    const last = await repository.lastOpened()
    restored = last ? await repository.load(last) : null
    if (!restored) {
      const newest = (await repository.list())[0]
      restored = newest ? await repository.load(newest.id) : null
    }
  } catch (e) {
    notify(describeStorageProblem(e, 'reopen the last project').message, 'error')
  }
  if (restored) {
    await switchTo(restored)
    const savedAt = [restored.meta.updatedAt, restored.weights?.savedAt ?? ''].sort().at(-1)!
    notify(`Restored ${restored.meta.name} (saved ${clockTime(savedAt)}).`)
  } else {
    const state = store.getState()
    const first = newProject(state.doc)
    await guarded('save the first project', async () => {
      await repository.create(first)
      return true
    })
    autosave.attach(first)
    store.getState().setProject(first.meta)
    await repository.setLastOpened(first.meta.id).catch(() => undefined)
  }
  await refresh()

  return {
    repository,
    autosave,
    refresh,
    create: (templateId) =>
      guarded('create a project', async () => {
        if (refuseWhileRunning('start a new project')) return false
        const doc = templateDocument(templateId)
        if (!doc) {
          notify(`No template called ${templateId}.`, 'error')
          return false
        }
        await openFresh(doc)
        notify(`New project ${doc.name}.`)
        return true
      }),
    open: (id) =>
      guarded('open the project', async () => {
        if (id === autosave.projectId) return true
        if (refuseWhileRunning('open another project')) return false
        const project = await loadProject(id)
        if (!project) return false
        await switchTo(project)
        notify(`Opened ${project.meta.name}.`)
        await refresh()
        return true
      }),
    rename: (id, name) =>
      guarded('rename the project', async () => {
        const next = name.trim()
        if (next === '') {
          notify('A project needs a name: type one, or press Escape to keep the old one.', 'error')
          return false
        }
        if (id === autosave.projectId) {
          store.getState().apply({ kind: 'setName', name: next }, 'rename model')
          await autosave.flush()
        } else await repository.rename(id, next, stamp())
        await refresh()
        return true
      }),
    duplicate: (id) =>
      guarded('duplicate the project', async () => {
        const source = await loadProject(id)
        if (!source) return false
        const name = copyName(
          source.meta.name,
          store.getState().projects.map((p) => p.name),
        )
        const at = stamp()
        await repository.create({
          ...source,
          meta: { id: newProjectId(now()), name, createdAt: at, updatedAt: at },
          content: { ...source.content, doc: { ...source.content.doc, name } },
        })
        await refresh()
        notify(`Duplicated ${source.meta.name} as ${name}.`)
        return true
      }),
    remove: (id) =>
      guarded('delete the project', async () => {
        const open = id === autosave.projectId
        if (open && refuseWhileRunning('delete the open project')) return false
        const name = store.getState().projects.find((p) => p.id === id)?.name ?? id
        if (open) await autosave.detach()
        await repository.remove(id)
        if (open) {
          const next = (await repository.list())[0]
          const project = next ? await repository.load(next.id) : null
          if (project) await switchTo(project)
          else await openFresh(templateDocument(OPENING_TEMPLATE)!)
        }
        await refresh()
        notify(`Deleted ${name}.`)
        return true
      }),
    async exportFile(id) {
      try {
        const project = await loadProject(id)
        if (!project) return null
        return { fileName: projectFileName(project.meta.name), text: serializeProject(project, now()) }
      } catch (e) {
        notify(describeStorageProblem(e, 'read the project for export').message, 'error')
        return null
      }
    },
    importFile: (fileName, text) =>
      guarded('import the project', async () => {
        const parsed = parseProjectFile(text)
        if (!parsed.ok) {
          store.getState().setOpenErrors({ file: fileName, errors: parsed.errors })
          notify(
            `Could not import ${fileName}: ${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}; nothing was imported.`,
            'error',
          )
          return false
        }
        if (refuseWhileRunning('import a project')) return false
        store.getState().setOpenErrors(null)
        const taken = store.getState().projects.map((p) => p.name)
        const name = taken.includes(parsed.name) ? copyName(parsed.name, taken) : parsed.name
        // code from a file is shown, not run, until the user runs it
        const doc: ModelDocument = {
          ...parsed.content.doc,
          name,
          metadata: { ...parsed.content.doc.metadata, origin: 'external' },
        }
        const project = newProject(doc, { ...parsed.content, doc })
        await repository.create({ ...project, versions: parsed.versions, weights: parsed.weights })
        await switchTo({ ...project, versions: parsed.versions, weights: parsed.weights })
        await refresh()
        notify(`Imported ${name} from ${fileName}.`)
        return true
      }),
    destroy() {
      autosave.destroy()
    },
  }
}
