import type { StateCreator } from 'zustand/vanilla'
import type { ProjectMeta } from '../projects/projectModel'
import type { ModelVersion } from '../versions/versionModel'
import type { AppState } from './appState'
import type { LoadedWeights } from './versionsSlice'

/**
 * Where saving stands, for the top bar's readable save status:
 * - `off`: projects are not started yet (tests, or before the app's first load finished);
 * - `saved`: the last change was written at `savedAt` (changes are written 300 ms after they pause);
 * - `error`: the last write failed (`problem` says why and what to do; the work stays in the tab);
 * - `memory`: IndexedDB is unavailable, projects last as long as the tab.
 */
export type SaveStatus = 'off' | 'saved' | 'error' | 'memory'

export interface ProjectSave {
  readonly status: SaveStatus
  /** ISO time of the last successful write of the document. */
  readonly savedAt: string | null
  /** The step of the last run checkpoint saved with the project, and when. */
  readonly checkpointStep: number | null
  readonly checkpointAt: string | null
  /** The last failure, in words naming the cause and the fix. */
  readonly problem: string | null
}

export interface ProjectsSlice {
  /** The project open in the IDE (its list entry), or null before projects started. */
  project: ProjectMeta | null
  /** Every saved project, most recently updated first. */
  projects: readonly ProjectMeta[]
  projectSave: ProjectSave
  /** Whether the projects dialog is open. */
  projectsDialogOpen: boolean
  setProject(project: ProjectMeta | null): void
  setProjects(projects: readonly ProjectMeta[]): void
  setProjectSave(patch: Partial<ProjectSave>): void
  setProjectsDialogOpen(open: boolean): void
  /** Records a successful save of the open project: its list entry, moved to the top, and the save status (one update). */
  projectSaved(meta: ProjectMeta, save: Partial<ProjectSave>): void
  /**
   * Shows a project's versions and weights (opening or restoring a project): replaces the version
   * list, the current version and the loaded weights in one update.
   */
  showProjectVersions(
    versions: readonly ModelVersion[],
    currentVersion: string | null,
    loadedWeights: LoadedWeights | null,
  ): void
}

const NO_SAVE: ProjectSave = {
  status: 'off',
  savedAt: null,
  checkpointStep: null,
  checkpointAt: null,
  problem: null,
}

/** The projects' state: which project is open, the list, and how saving goes. */
export const createProjectsSlice: StateCreator<AppState, [], [], ProjectsSlice> = (set, get) => ({
  project: null,
  projects: [],
  projectSave: NO_SAVE,
  projectsDialogOpen: false,
  setProject(project) {
    set({ project })
  },
  setProjects(projects) {
    set({ projects })
  },
  setProjectSave(patch) {
    set({ projectSave: { ...get().projectSave, ...patch } })
  },
  setProjectsDialogOpen(projectsDialogOpen) {
    set({ projectsDialogOpen })
  },
  projectSaved(meta, save) {
    const { projects, projectSave } = get()
    set({
      project: meta,
      projects: [meta, ...projects.filter((p) => p.id !== meta.id)],
      projectSave: { ...projectSave, ...save },
    })
  },
  showProjectVersions(versions, currentVersion, loadedWeights) {
    set({ versions, currentVersion, loadedWeights })
  },
})
