import { createContext, useContext } from 'react'
import type { ProjectsController } from './projectsController'

/** The projects controller, provided by `main.tsx` once projects started. */
export const ProjectsContext = createContext<ProjectsController | null>(null)

/** The projects controller, or null where none is provided (the menu then hides itself). */
export function useProjects(): ProjectsController | null {
  return useContext(ProjectsContext)
}
