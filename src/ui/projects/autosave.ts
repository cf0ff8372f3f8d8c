import type { RunPhase } from '../../workers/engine/protocol'
import type { RunController } from '../run/runController'
import type { AppState, AppStore } from '../store/appState'
import type { LoadedWeights } from '../store/versionsSlice'
import type { ModelVersion } from '../versions/versionModel'
import { debounce, REAL_TIMERS, type Timers } from './debounce'
import {
  contentChanged,
  type ProjectMeta,
  planVersionWrites,
  projectContent,
  type SavedWeights,
  type StoredProject,
} from './projectModel'
import type { ProjectRepository } from './projectRepository'
import { describeStorageProblem, type StorageProblemKind } from './storageProblems'

export interface AutosaveOptions {
  /** Quiet time after the last change before the project is written (default 300 ms). */
  debounceMs?: number
  /** Longest a stream of changes (a training curve) goes unsaved (default 5 s). */
  maxWaitMs?: number
  /** How often the weights of a run in progress are checkpointed and saved (default 3 s). */
  checkpointMs?: number
  timers?: Timers
  now?: () => Date
}

/** Saves the open project as it changes; see `createAutosave`. */
export interface Autosave {
  /**
   * Starts saving into `project` (just created or loaded: its versions and weights are what the
   * store now shows, so only later changes are written). Schedules one save of the content.
   */
  attach(project: StoredProject): void
  /** Writes pending changes, then stops saving (before the store shows another project). */
  detach(): Promise<void>
  /** Writes pending changes now (the page is being hidden or closed). */
  flush(): Promise<void>
  /** Checkpoints the run's weights and saves them now; resolves when saved (or nothing to save). */
  checkpointNow(): Promise<void>
  /** The project being saved into, or null. */
  readonly projectId: string | null
  destroy(): void
}

/** Phases a run pauses or ends in with weights worth keeping. */
const SETTLED: ReadonlySet<RunPhase> = new Set(['paused', 'done', 'stopped'])

/**
 * Autosave of the open project into a repository:
 * - every change of the document, the code text, the versions, the current version or the last
 *   run's curve is written `debounceMs` after changes pause (at least every `maxWaitMs` while
 *   they stream in); versions are immutable, so only new ones are written;
 * - while a run trains, its weights are checkpointed in the engine worker every `checkpointMs`
 *   and saved as the project's weights; once more when it pauses or ends;
 * - weights loaded from a file or a rolled-back version are saved as the project's weights.
 * A failed write (storage full, IndexedDB gone) is reported once, naming the cause and the fix,
 * and changes nothing in the store: the work stays in the tab and the next change tries again.
 */
export function createAutosave(
  store: AppStore,
  repository: ProjectRepository,
  run: Pick<RunController, 'checkpoint'>,
  options: AutosaveOptions = {},
): Autosave {
  const timers = options.timers ?? REAL_TIMERS
  const now = options.now ?? (() => new Date())
  const checkpointMs = options.checkpointMs ?? 3000
  let project: ProjectMeta | null = null
  let savedVersions = new Map<string, ModelVersion>()
  let savedLoaded: LoadedWeights | null = null
  let checkpointTimer: unknown
  let checkpointing: Promise<void> | null = null

  // the kind of failure already told, so a full disk is said once, not on every keystroke
  let told: StorageProblemKind | null = null
  const report = (e: unknown, action: string) => {
    const problem = describeStorageProblem(e, action)
    const state = store.getState()
    state.setProjectSave({ status: 'error', problem: problem.message })
    if (told !== problem.kind) state.notify(problem.message, 'error')
    told = problem.kind
  }
  const okStatus = (): 'memory' | 'saved' => (repository.kind === 'memory' ? 'memory' : 'saved')

  const save = async () => {
    if (!project) return
    const state = store.getState()
    const meta: ProjectMeta = { ...project, name: state.doc.name, updatedAt: now().toISOString() }
    const versions = state.versions
    try {
      await repository.saveContent(meta, projectContent(state))
      const plan = planVersionWrites(savedVersions, versions)
      if (plan.put.length > 0 || plan.remove.length > 0)
        await repository.saveVersions(meta.id, plan.put, plan.remove)
      if (project?.id !== meta.id) return
      savedVersions = new Map(versions.map((v) => [v.version, v]))
      project = meta
      store.getState().projectSaved(meta, { status: okStatus(), savedAt: meta.updatedAt, problem: null })
      told = null
    } catch (e) {
      report(e, `save the project "${meta.name}"`)
    }
  }
  const saver = debounce(
    save,
    { waitMs: options.debounceMs ?? 300, maxWaitMs: options.maxWaitMs ?? 5000 },
    timers,
  )

  // Weights are numbered when asked for: a checkpoint that answers after a rollback was loaded
  // is older than it, and is not written over it.
  let weightsAsked = 0
  let weightsWritten = 0
  const saveWeights = async (id: string, weights: SavedWeights, ticket: number) => {
    if (ticket < weightsWritten) return
    weightsWritten = ticket
    try {
      await repository.saveWeights(id, weights)
      if (project?.id !== id) return
      if (weights.step !== null)
        store.getState().setProjectSave({ checkpointStep: weights.step, checkpointAt: weights.savedAt })
    } catch (e) {
      report(e, `save the weights of "${store.getState().doc.name}"`)
    }
  }

  const takeCheckpoint = async (ticket: number) => {
    const id = project?.id
    if (!id) return
    let checkpoint: Awaited<ReturnType<RunController['checkpoint']>>
    try {
      checkpoint = await run.checkpoint()
    } catch {
      // the run ended or was recompiled meanwhile: the next phase change or tick tries again
      return
    }
    if (project?.id !== id) return
    await saveWeights(
      id,
      {
        weights: { params: checkpoint.params, buffers: checkpoint.buffers },
        from: `the checkpoint of step ${checkpoint.step}`,
        step: checkpoint.step,
        savedAt: now().toISOString(),
      },
      ticket,
    )
  }
  const checkpointNow = (ticket = ++weightsAsked): Promise<void> => {
    // one at a time: a slow save is not stacked up behind by the next tick
    checkpointing ??= takeCheckpoint(ticket).finally(() => {
      checkpointing = null
    })
    return checkpointing
  }

  const stopTicking = () => {
    if (checkpointTimer !== undefined) timers.clearTimeout(checkpointTimer)
    checkpointTimer = undefined
  }
  const tick = () => {
    checkpointTimer = timers.setTimeout(() => {
      void checkpointNow().then(() => {
        if (checkpointTimer !== undefined) tick()
      })
    }, checkpointMs)
  }

  const onChange = (state: AppState, prev: AppState) => {
    if (!project) return
    if (contentChanged(state, prev) || state.versions !== prev.versions) saver.schedule()
    const loaded = state.loadedWeights
    if (loaded !== prev.loadedWeights && loaded && loaded !== savedLoaded) {
      savedLoaded = loaded
      void saveWeights(project.id, { ...loaded, step: null, savedAt: now().toISOString() }, ++weightsAsked)
    }
    const phase = state.run.status?.phase
    const before = prev.run.status?.phase
    if (phase === before) return
    if (phase === 'training' && checkpointTimer === undefined) tick()
    else if (phase !== 'training' && phase !== 'recovering') {
      stopTicking()
      // after any checkpoint still in flight (taken before the pause, at an earlier step)
      if (before === 'training' && phase && SETTLED.has(phase)) {
        const ticket = ++weightsAsked
        void (checkpointing ?? Promise.resolve()).then(() => checkpointNow(ticket))
      }
    }
  }
  const unsubscribe = store.subscribe(onChange)

  return {
    attach(stored) {
      project = stored.meta
      savedVersions = new Map(stored.versions.map((v) => [v.version, v]))
      savedLoaded = store.getState().loadedWeights
      saver.schedule()
      if (store.getState().run.status?.phase === 'training' && checkpointTimer === undefined) tick()
    },
    async detach() {
      await saver.flush()
      await checkpointing
      stopTicking()
      saver.cancel()
      project = null
    },
    flush: () => saver.flush(),
    checkpointNow,
    get projectId() {
      return project?.id ?? null
    },
    destroy() {
      unsubscribe()
      stopTicking()
      saver.cancel()
      project = null
    },
  }
}
