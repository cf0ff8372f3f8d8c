import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { templateDocument } from '../actions/loadTemplate'
import { createAppStore } from '../store/appState'
import { simulateRun, versionOf, weightsOf } from '../versions/testing'
import { sameWeights } from '../versions/versionModel'
import { serializeProject } from './projectFile'
import { memoryRepository, type ProjectRepository } from './projectRepository'
import { startProjects } from './projectsController'

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-04T10:20:30') })
})
afterEach(() => {
  vi.useRealTimers()
})

/** A page load: a fresh store on the opening template, projects started over `repository`. */
async function load(repository: ProjectRepository) {
  const store = createAppStore(templateDocument('mlp-spirals')!)
  const codeSync = { edit: vi.fn() }
  const notify = vi.spyOn(store.getState(), 'notify')
  const projects = await startProjects(store, {
    codeSync,
    run: { checkpoint: vi.fn(async () => ({ step: 5, ...weightsOf(5), optimizer: {} })) },
    openRepository: async () => repository,
  })
  return { store, codeSync, notify, projects }
}

describe('projects', () => {
  it('make the opening document the first project, then reopen it on the next load with everything saved', async () => {
    const repository = memoryRepository()
    const first = await load(repository)
    expect(first.store.getState().projects).toHaveLength(1)
    const s = first.store.getState()
    s.apply({ kind: 'setName', name: 'my spirals' }, 'rename')
    simulateRun(first.store, 30)
    s.addVersion(versionOf(first.store, '0.1.0'))
    s.setLoadedWeights({ weights: weightsOf(3), from: 'version 0.1.0' })
    first.store.getState().setCode({ text: '// typed, not traced yet\n', status: 'editing' })
    await vi.advanceTimersByTimeAsync(500)
    first.projects.destroy()

    const second = await load(repository)
    const r = second.store.getState()
    expect(r.doc.name).toBe('my spirals')
    expect(r.run.curve.steps).toHaveLength(30)
    expect(r.versions.map((v) => v.version)).toEqual(['0.1.0'])
    expect(r.currentVersion).toBe('0.1.0')
    expect(r.loadedWeights?.from).toBe('version 0.1.0')
    expect(sameWeights(r.loadedWeights!.weights, weightsOf(3))).toBe(true)
    expect(second.codeSync.edit).toHaveBeenCalledWith('// typed, not traced yet\n')
    expect(second.notify).toHaveBeenCalledWith('Restored my spirals (saved 10:20:30).', 'info')
    expect(r.history.past).toHaveLength(0)
  })

  it('create, rename, duplicate and delete projects, keeping the list in order', async () => {
    const repository = memoryRepository()
    const { store, projects } = await load(repository)
    const firstId = store.getState().project!.id
    await vi.advanceTimersByTimeAsync(1000)
    expect(await projects.create('cnn-mnist')).toBe(true)
    expect(store.getState().doc.metadata.template).toBe('cnn-mnist')
    const mnistId = store.getState().project!.id
    expect(mnistId).not.toBe(firstId)
    expect(store.getState().projects.map((p) => p.id)).toEqual([mnistId, firstId])

    expect(await projects.rename(firstId, 'renamed spirals')).toBe(true)
    expect((await repository.load(firstId))?.content.doc.name).toBe('renamed spirals')
    expect(await projects.rename(mnistId, 'digits')).toBe(true)
    expect(store.getState().doc.name).toBe('digits')
    expect(await projects.rename(mnistId, '   ')).toBe(false)

    expect(await projects.duplicate(firstId)).toBe(true)
    const names = store.getState().projects.map((p) => p.name)
    expect(names).toContain('renamed spirals copy')
    expect(store.getState().project?.id).toBe(mnistId)

    expect(await projects.open(firstId)).toBe(true)
    expect(store.getState().doc.name).toBe('renamed spirals')
    expect(await projects.remove(firstId)).toBe(true)
    expect(store.getState().projects.map((p) => p.id)).not.toContain(firstId)
    // the open project was deleted: the most recent other one is open now
    expect(store.getState().project).not.toBeNull()
    expect(store.getState().project?.id).not.toBe(firstId)
  })

  it('refuse to open another project while a run trains, and say how to go on', async () => {
    const { store, projects } = await load(memoryRepository())
    const id = store.getState().project!.id
    await projects.create('cnn-mnist')
    store.getState().applyRunEvent({
      type: 'status',
      status: { phase: 'training', step: 3, totalSteps: 10, epoch: 0, epochs: 1 },
    })
    const notify = vi.spyOn(store.getState(), 'notify')
    expect(await projects.open(id)).toBe(false)
    expect(notify).toHaveBeenCalledWith(
      expect.stringMatching(/^Stop the run before you open another project/),
      'error',
    )
  })

  it('import an exported project file as a new project whose code is shown, not run', async () => {
    const repository = memoryRepository()
    const { store, projects } = await load(repository)
    store.getState().addVersion(versionOf(store, '0.1.0'))
    await vi.advanceTimersByTimeAsync(500)
    const file = await projects.exportFile(store.getState().project!.id)
    expect(file?.fileName).toBe('mlp-spirals.triad-project.json')
    expect(await projects.importFile(file!.fileName, file!.text)).toBe(true)
    const s = store.getState()
    expect(s.doc.name).toBe('mlp-spirals copy')
    expect(s.doc.metadata.origin).toBe('external')
    expect(s.versions.map((v) => v.version)).toEqual(['0.1.0'])
    expect(s.projects).toHaveLength(2)
  })

  it('import nothing from a bad file and list its problems', async () => {
    const { store, projects } = await load(memoryRepository())
    const before = store.getState().doc
    const file = JSON.parse(
      serializeProject({
        meta: { id: 'x', name: 'x', createdAt: '', updatedAt: '' },
        content: {
          doc: before,
          untracedCode: null,
          currentVersion: null,
          curve: { steps: [], losses: [] },
          validation: [],
        },
        versions: [],
        weights: null,
      }),
    )
    file.content.doc.edges = 'nope'
    expect(await projects.importFile('bad.triad-project.json', JSON.stringify(file))).toBe(false)
    expect(store.getState().openErrors?.errors[0]).toMatch(/^content\.doc\.edges/)
    expect(store.getState().doc).toBe(before)
    expect(store.getState().projects).toHaveLength(1)
  })

  it('keep working in memory when the browser has no IndexedDB, and say why and what to do', async () => {
    const store = createAppStore(templateDocument('mlp-spirals')!)
    const notify = vi.spyOn(store.getState(), 'notify')
    const blocked = new DOMException('The user denied permission to access the database.', 'SecurityError')
    const projects = await startProjects(store, {
      codeSync: { edit: vi.fn() },
      run: { checkpoint: vi.fn() },
      openRepository: () => Promise.reject(blocked),
    })
    expect(projects.repository.kind).toBe('memory')
    expect(store.getState().projectSave.status).toBe('memory')
    expect(notify).toHaveBeenCalledWith(
      expect.stringMatching(/no IndexedDB .*SecurityError.*export the project file/),
      'error',
    )
    expect(await projects.create('cnn-mnist')).toBe(true)
    expect(store.getState().projects).toHaveLength(2)
  })
})
