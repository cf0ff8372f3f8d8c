import { type DBSchema, type IDBPDatabase, openDB } from 'idb'
import type { ModelVersion } from '../versions/versionModel'
import type { ProjectContent, ProjectMeta, SavedWeights } from './projectModel'
import type { ProjectRepository } from './projectRepository'
import { indexedDbUnavailable } from './storageProblems'

/** The database name; one per origin. */
export const PROJECTS_DB = 'triad-projects'

/**
 * The stores: the list (`projects`), each project's document and curve (`contents`), its latest
 * weights (`weights`), its versions keyed by `[projectId, version]`, and settings (the project
 * last opened). Values are structured clones: Float32Arrays go in as they are, no encoding.
 */
interface ProjectsDb extends DBSchema {
  projects: { key: string; value: ProjectMeta }
  contents: { key: string; value: ProjectContent }
  weights: { key: string; value: SavedWeights }
  versions: { key: [string, string]; value: ModelVersion }
  settings: { key: string; value: string }
}

const LAST_OPENED = 'lastOpened'

/**
 * Waits for a transaction's requests and its commit together, so a failed commit (storage full
 * surfaces there, as `QuotaExceededError`) is never an unhandled rejection, and the transaction's
 * own error, which names the cause, wins over a request's `AbortError`.
 */
async function commit(tx: { done: Promise<void>; error: DOMException | null }, work: Promise<unknown>) {
  try {
    await Promise.all([work, tx.done])
  } catch (e) {
    throw tx.error ?? e
  }
}

/** Every key `[id, *]` of one project in the versions store (arrays sort after strings). */
const versionsOf = (id: string) => IDBKeyRange.bound([id], [id, []])

/**
 * Opens (creating on first use) the projects database.
 * @throws an `IndexedDbUnavailable` error when the page has no IndexedDB, or the browser's error
 *   (`SecurityError`, ...) when it refuses to open it.
 */
export async function openIdbRepository(name: string = PROJECTS_DB): Promise<ProjectRepository> {
  if (typeof indexedDB === 'undefined' || indexedDB === null)
    throw indexedDbUnavailable('the page has no indexedDB object')
  const db: IDBPDatabase<ProjectsDb> = await openDB<ProjectsDb>(name, 1, {
    upgrade(d) {
      d.createObjectStore('projects', { keyPath: 'id' })
      d.createObjectStore('contents')
      d.createObjectStore('weights')
      d.createObjectStore('versions')
      d.createObjectStore('settings')
    },
  })
  const ALL = ['projects', 'contents', 'weights', 'versions', 'settings'] as const
  return {
    kind: 'indexeddb',
    async list() {
      const all = await db.getAll('projects')
      return all.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    },
    async load(id) {
      const tx = db.transaction(['projects', 'contents', 'weights', 'versions'], 'readonly')
      const [meta, content, weights, versions] = await Promise.all([
        tx.objectStore('projects').get(id),
        tx.objectStore('contents').get(id),
        tx.objectStore('weights').get(id),
        tx.objectStore('versions').getAll(versionsOf(id)),
      ])
      await tx.done
      if (!meta || !content) return null
      // keys sort versions as strings ('0.10.0' < '0.2.0'): the stored order is creation time
      versions.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      return { meta, content, weights: weights ?? null, versions }
    },
    async create(project) {
      const id = project.meta.id
      const tx = db.transaction(ALL, 'readwrite')
      const versions = tx.objectStore('versions')
      const work = versions
        .delete(versionsOf(id))
        .then(() =>
          Promise.all([
            tx.objectStore('projects').put(project.meta),
            tx.objectStore('contents').put(project.content, id),
            project.weights
              ? tx.objectStore('weights').put(project.weights, id)
              : tx.objectStore('weights').delete(id),
            ...project.versions.map((v) => versions.put(v, [id, v.version])),
          ]),
        )
      await commit(tx, work)
    },
    async saveContent(meta, content) {
      const tx = db.transaction(['projects', 'contents'], 'readwrite')
      await commit(
        tx,
        Promise.all([tx.objectStore('projects').put(meta), tx.objectStore('contents').put(content, meta.id)]),
      )
    },
    async saveVersions(id, put, remove) {
      const tx = db.transaction('versions', 'readwrite')
      await commit(
        tx,
        Promise.all([
          ...remove.map((v) => tx.store.delete([id, v])),
          ...put.map((v) => tx.store.put(v, [id, v.version])),
        ]),
      )
    },
    async saveWeights(id, weights) {
      const tx = db.transaction('weights', 'readwrite')
      await commit(tx, weights ? tx.store.put(weights, id) : tx.store.delete(id))
    },
    async rename(id, name, updatedAt) {
      const tx = db.transaction(['projects', 'contents'], 'readwrite')
      const [meta, content] = await Promise.all([
        tx.objectStore('projects').get(id),
        tx.objectStore('contents').get(id),
      ])
      if (!meta || !content) throw new Error(`There is no project ${id}.`)
      await commit(
        tx,
        Promise.all([
          tx.objectStore('projects').put({ ...meta, name, updatedAt }),
          tx.objectStore('contents').put({ ...content, doc: { ...content.doc, name } }, id),
        ]),
      )
    },
    async remove(id) {
      const tx = db.transaction(ALL, 'readwrite')
      const settings = tx.objectStore('settings')
      await commit(
        tx,
        Promise.all([
          tx.objectStore('projects').delete(id),
          tx.objectStore('contents').delete(id),
          tx.objectStore('weights').delete(id),
          tx.objectStore('versions').delete(versionsOf(id)),
          settings.get(LAST_OPENED).then((last) => (last === id ? settings.delete(LAST_OPENED) : undefined)),
        ]),
      )
    },
    lastOpened: async () => (await db.get('settings', LAST_OPENED)) ?? null,
    async setLastOpened(id) {
      await db.put('settings', id, LAST_OPENED)
    },
  }
}
