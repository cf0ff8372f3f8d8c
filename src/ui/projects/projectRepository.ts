import type { ModelVersion } from '../versions/versionModel'
import type { ProjectContent, ProjectMeta, SavedWeights, StoredProject } from './projectModel'

/**
 * Where projects are kept: IndexedDB in the browser (`openIdbRepository`), memory in tests and
 * when IndexedDB is unavailable. Content, versions and weights are written separately, so a
 * keystroke rewrites the document only and a checkpoint rewrites the weights only.
 */
export interface ProjectRepository {
  /** `indexeddb` survives a reload; `memory` lasts as long as the tab. */
  readonly kind: 'indexeddb' | 'memory'
  /** Every project, most recently updated first. */
  list(): Promise<ProjectMeta[]>
  load(id: string): Promise<StoredProject | null>
  /** Writes a whole project (new, duplicate, import), replacing one with the same id. */
  create(project: StoredProject): Promise<void>
  /** Writes the project's list entry and content in one transaction. */
  saveContent(meta: ProjectMeta, content: ProjectContent): Promise<void>
  /** Writes new or changed versions and deletes removed ones. */
  saveVersions(id: string, put: readonly ModelVersion[], remove: readonly string[]): Promise<void>
  saveWeights(id: string, weights: SavedWeights | null): Promise<void>
  /** Renames the project and its model (`doc.name`). */
  rename(id: string, name: string, updatedAt: string): Promise<void>
  remove(id: string): Promise<void>
  /** The project the app reopens on load. */
  lastOpened(): Promise<string | null>
  setLastOpened(id: string): Promise<void>
}

const byUpdated = (a: ProjectMeta, b: ProjectMeta) => b.updatedAt.localeCompare(a.updatedAt)

/**
 * A repository in memory: the tests' stand-in for IndexedDB, and the app's fallback when the
 * browser gives no IndexedDB (projects then last as long as the tab, and the app says so).
 */
export function memoryRepository(): ProjectRepository {
  const projects = new Map<string, StoredProject>()
  let last: string | null = null
  const get = (id: string) => {
    const p = projects.get(id)
    if (!p) throw new Error(`There is no project ${id}.`)
    return p
  }
  return {
    kind: 'memory',
    list: async () => [...projects.values()].map((p) => p.meta).sort(byUpdated),
    load: async (id) => projects.get(id) ?? null,
    async create(project) {
      projects.set(project.meta.id, project)
    },
    async saveContent(meta, content) {
      const p = projects.get(meta.id)
      projects.set(meta.id, { versions: [], weights: null, ...p, meta, content })
    },
    async saveVersions(id, put, remove) {
      const p = get(id)
      const gone = new Set([...remove, ...put.map((v) => v.version)])
      projects.set(id, { ...p, versions: [...p.versions.filter((v) => !gone.has(v.version)), ...put] })
    },
    async saveWeights(id, weights) {
      projects.set(id, { ...get(id), weights })
    },
    async rename(id, name, updatedAt) {
      const p = get(id)
      projects.set(id, {
        ...p,
        meta: { ...p.meta, name, updatedAt },
        content: { ...p.content, doc: { ...p.content.doc, name } },
      })
    },
    async remove(id) {
      projects.delete(id)
      if (last === id) last = null
    },
    lastOpened: async () => last,
    async setLastOpened(id) {
      last = id
    },
  }
}
