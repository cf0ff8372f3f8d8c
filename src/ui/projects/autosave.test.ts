import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mlpSpirals } from '../../graph/templates/mlpSpirals'
import type { Checkpoint } from '../../workers/engine/protocol'
import { createAppStore } from '../store/appState'
import { simulateRun, statusAt, versionOf, weightsOf } from '../versions/testing'
import { createAutosave } from './autosave'
import type { StoredProject } from './projectModel'
import { memoryRepository, type ProjectRepository } from './projectRepository'
import { describeStorageProblem } from './storageProblems'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function setup(repository: ProjectRepository = memoryRepository()) {
  const store = createAppStore(mlpSpirals())
  let step = 0
  const run = {
    checkpoint: vi.fn(async (): Promise<Checkpoint> => {
      step += 100
      return { step, ...weightsOf(step), optimizer: {} }
    }),
  }
  const project: StoredProject = {
    meta: { id: 'p-1', name: 'mlp-spirals', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: 'x' },
    content: {
      doc: store.getState().doc,
      untracedCode: null,
      currentVersion: null,
      curve: { steps: [], losses: [] },
      validation: [],
    },
    versions: [],
    weights: null,
  }
  const autosave = createAutosave(store, repository, run)
  return { store, run, repository, project, autosave }
}

const rename = (s: ReturnType<typeof setup>, name: string) =>
  s.store.getState().apply({ kind: 'setName', name }, 'rename')

describe('autosave', () => {
  it('writes the document 300 ms after edits pause, with the list entry named after the model', async () => {
    const s = setup()
    await s.repository.create(s.project)
    s.autosave.attach(s.project)
    await vi.advanceTimersByTimeAsync(400)
    rename(s, 'first')
    await vi.advanceTimersByTimeAsync(100)
    rename(s, 'second')
    await vi.advanceTimersByTimeAsync(200)
    expect((await s.repository.load('p-1'))?.content.doc.name).toBe('mlp-spirals')
    await vi.advanceTimersByTimeAsync(150)
    const saved = await s.repository.load('p-1')
    expect(saved?.content.doc.name).toBe('second')
    expect(saved?.meta.name).toBe('second')
    // a memory repository says so: what it holds does not survive a reload
    expect(s.store.getState().projectSave.status).toBe('memory')
    expect(s.store.getState().project?.name).toBe('second')
  })

  it('writes each version once, however many saves follow', async () => {
    const repository = memoryRepository()
    const saveVersions = vi.spyOn(repository, 'saveVersions')
    const s = setup(repository)
    await repository.create(s.project)
    s.autosave.attach(s.project)
    s.store.getState().addVersion(versionOf(s.store, '0.1.0'))
    await vi.advanceTimersByTimeAsync(400)
    rename(s, 'again')
    await vi.advanceTimersByTimeAsync(400)
    rename(s, 'and again')
    await vi.advanceTimersByTimeAsync(400)
    expect(saveVersions).toHaveBeenCalledTimes(1)
    const saved = await repository.load('p-1')
    expect(saved?.versions.map((v) => v.version)).toEqual(['0.1.0'])
    expect(saved?.content.currentVersion).toBe('0.1.0')
  })

  it('checkpoints the weights of a training run every 3 s and once more when it stops', async () => {
    const s = setup()
    await s.repository.create(s.project)
    s.autosave.attach(s.project)
    const state = s.store.getState()
    state.applyRunEvent({ type: 'status', status: statusAt('compiling') })
    state.applyRunEvent({ type: 'status', status: statusAt('training') })
    await vi.advanceTimersByTimeAsync(6500)
    expect(s.run.checkpoint).toHaveBeenCalledTimes(2)
    let saved = await s.repository.load('p-1')
    expect(saved?.weights?.step).toBe(200)
    expect(saved?.weights?.from).toBe('the checkpoint of step 200')
    expect(saved?.weights?.weights.params['fc.weight']?.data[0]).toBe(200)
    expect(s.store.getState().projectSave.checkpointStep).toBe(200)
    state.applyRunEvent({ type: 'status', status: statusAt('stopped', 250) })
    await vi.advanceTimersByTimeAsync(10)
    expect(s.run.checkpoint).toHaveBeenCalledTimes(3)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(s.run.checkpoint).toHaveBeenCalledTimes(3)
    saved = await s.repository.load('p-1')
    expect(saved?.weights?.step).toBe(300)
  })

  it('saves the curve of a run while it streams in, and the finished run as history', async () => {
    const s = setup()
    await s.repository.create(s.project)
    s.autosave.attach(s.project)
    simulateRun(s.store, 40)
    await vi.advanceTimersByTimeAsync(400)
    const saved = await s.repository.load('p-1')
    expect(saved?.content.curve.steps).toHaveLength(40)
    expect(saved?.content.curve.losses.at(-1)).toBeCloseTo(1 / 40)
  })

  it('saves weights loaded from a file or a rollback as the project weights', async () => {
    const s = setup()
    await s.repository.create(s.project)
    s.autosave.attach(s.project)
    s.store.getState().setLoadedWeights({ weights: weightsOf(7), from: 'model.onnx' })
    await vi.advanceTimersByTimeAsync(10)
    const saved = await s.repository.load('p-1')
    expect(saved?.weights?.from).toBe('model.onnx')
    expect(saved?.weights?.step).toBeNull()
  })

  it('says once that storage is full, naming the cause and the fix, and keeps the work in the store', async () => {
    const repository = memoryRepository()
    vi.spyOn(repository, 'saveContent').mockRejectedValue(
      new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    )
    const s = setup(repository)
    await repository.create(s.project)
    s.autosave.attach(s.project)
    const notify = vi.spyOn(s.store.getState(), 'notify')
    rename(s, 'big')
    await vi.advanceTimersByTimeAsync(400)
    rename(s, 'bigger')
    await vi.advanceTimersByTimeAsync(400)
    const save = s.store.getState().projectSave
    expect(save.status).toBe('error')
    expect(save.problem).toMatch(/storage .* is full \(QuotaExceededError\)/)
    expect(save.problem).toMatch(/export the project file/)
    expect(save.problem).toMatch(/delete old projects/)
    expect(notify.mock.calls.filter(([, tone]) => tone === 'error')).toHaveLength(1)
    expect(s.store.getState().doc.name).toBe('bigger')
  })

  it('stops writing into a project once detached', async () => {
    const s = setup()
    await s.repository.create(s.project)
    s.autosave.attach(s.project)
    rename(s, 'kept')
    await s.autosave.detach()
    rename(s, 'not saved here')
    await vi.advanceTimersByTimeAsync(1000)
    expect((await s.repository.load('p-1'))?.content.doc.name).toBe('kept')
    expect(s.autosave.projectId).toBeNull()
  })
})

describe('storage problems', () => {
  it('tell a browser without IndexedDB apart from a full disk, each with its fix', () => {
    const blocked = describeStorageProblem(new DOMException('denied', 'SecurityError'), 'save')
    expect(blocked.kind).toBe('unavailable')
    expect(blocked.message).toMatch(/no IndexedDB/)
    expect(blocked.message).toMatch(/export the project file/)
    expect(describeStorageProblem(new Error('boom'), 'save').kind).toBe('failed')
  })
})
