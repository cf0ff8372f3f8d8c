import type { Session } from '../session'
import type { AppStore } from '../store/appState'
import { openIdbRepository } from './idbRepository'
import type { ProjectRepository } from './projectRepository'
import { type ProjectsController, startProjects } from './projectsController'
import { indexedDbUnavailable } from './storageProblems'

declare global {
  interface Window {
    /** The projects controller, for end-to-end tests and scripting (`window.triad` is the model's API). */
    triadProjects?: ProjectsController
  }
}

/** How long opening IndexedDB may take before the app starts with projects in memory. */
const OPEN_TIMEOUT_MS = 4000

/** Opens IndexedDB, giving up after `OPEN_TIMEOUT_MS` (another tab can block an upgrade forever). */
function openWithTimeout(): Promise<ProjectRepository> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          indexedDbUnavailable(
            `IndexedDB did not open within ${OPEN_TIMEOUT_MS / 1000} s; another Triad tab may hold an older version of it open`,
          ),
        ),
      OPEN_TIMEOUT_MS,
    )
    openIdbRepository().then(
      (r) => {
        clearTimeout(timer)
        resolve(r)
      },
      (e: unknown) => {
        clearTimeout(timer)
        reject(e)
      },
    )
  })
}

/**
 * Starts projects for the page (IndexedDB, the last project reopened, autosave) and writes what
 * is pending when the page is hidden or closed. `main.tsx` awaits it before the first render, so
 * the first view is the saved work, not a template that a restore then replaces.
 */
export async function startAppProjects(store: AppStore, session: Session, win: Window = window) {
  const projects = await startProjects(store, {
    codeSync: session.codeSync,
    run: session.run,
    openRepository: openWithTimeout,
  })
  const flush = () => void projects.autosave.flush()
  win.addEventListener('pagehide', flush)
  win.document.addEventListener('visibilitychange', () => {
    if (win.document.visibilityState === 'hidden') flush()
  })
  win.triadProjects = projects
  return projects
}
