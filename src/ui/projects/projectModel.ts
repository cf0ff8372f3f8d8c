import type { ModelDocument } from '../../graph/document/schema'
import type { AppState } from '../store/appState'
import type { LossCurve, ValidationPoint } from '../store/runSlice'
import type { ModelVersion, ModelWeights } from '../versions/versionModel'

/** A project as the project list shows it: small, so listing never reads weights. */
export interface ProjectMeta {
  readonly id: string
  /** The model's name (`doc.name`): renaming the project renames the model. */
  readonly name: string
  /** ISO times. */
  readonly createdAt: string
  readonly updatedAt: string
}

/**
 * What a project holds besides its versions and weights: the document (whose code face is
 * `doc.code` or the code emitted from it), code typed but not traced yet, the version the model
 * descends from, and the curve of the last run. Rewritten on every change (debounced), so it
 * stays small.
 */
export interface ProjectContent {
  readonly doc: ModelDocument
  /**
   * Text in the editor that was never traced (typing paused for less than the trace delay): it is
   * traced again when the project opens. Null when the document holds the code face; traced text
   * is not kept, since a rename or a graph edit of the document would make it stale.
   */
  readonly untracedCode: string | null
  readonly currentVersion: string | null
  readonly curve: LossCurve
  readonly validation: readonly ValidationPoint[]
}

/**
 * The model's latest weights, saved with the project: a checkpoint of the run in progress (every
 * few seconds), or weights loaded from a file or a rolled-back version. They come back as the
 * versions slice's `loadedWeights`, so the next run starts from them.
 */
export interface SavedWeights {
  readonly weights: ModelWeights
  /** Where they came from, in the user's words (`the checkpoint of step 400`, `version 0.1.0`). */
  readonly from: string
  /** The optimizer step of a checkpoint; null for weights loaded from elsewhere. */
  readonly step: number | null
  /** ISO time of the save. */
  readonly savedAt: string
}

/** A whole project, as it is created, loaded, duplicated, exported and imported. */
export interface StoredProject {
  readonly meta: ProjectMeta
  readonly content: ProjectContent
  /** Oldest first, as the versions slice keeps them. */
  readonly versions: readonly ModelVersion[]
  readonly weights: SavedWeights | null
}

/** A new project id: time-ordered and unique enough for one browser profile. */
export function newProjectId(now: Date = new Date()): string {
  const random = Math.floor(Math.random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0')
  return `p-${now.getTime().toString(36)}-${random}`
}

/** The parts of the app state a project stores (the document, code, version and last curve). */
export function projectContent(state: AppState): ProjectContent {
  return {
    doc: state.doc,
    untracedCode: state.code.status === 'editing' || state.code.status === 'tracing' ? state.code.text : null,
    currentVersion: state.currentVersion,
    curve: state.run.curve,
    validation: state.run.validation,
  }
}

/** Whether a state change touches what `projectContent` reads (compared by reference: slices copy on change). */
export function contentChanged(state: AppState, prev: AppState): boolean {
  return (
    state.doc !== prev.doc ||
    state.code !== prev.code ||
    state.currentVersion !== prev.currentVersion ||
    state.run.curve !== prev.run.curve ||
    state.run.validation !== prev.run.validation
  )
}

/**
 * Which versions to write and which to delete so the stored set matches `versions`. Versions are
 * immutable records, so one already written (the same object) is not written again: a project with
 * ten trained versions does not rewrite ten weight sets on every keystroke.
 */
export function planVersionWrites(
  saved: ReadonlyMap<string, ModelVersion>,
  versions: readonly ModelVersion[],
): { put: ModelVersion[]; remove: string[] } {
  const put = versions.filter((v) => saved.get(v.version) !== v)
  const keep = new Set(versions.map((v) => v.version))
  const remove = [...saved.keys()].filter((k) => !keep.has(k))
  return { put, remove }
}

/** `hh:mm:ss` of an ISO time in the user's clock, for "saved 14:02:31". */
export function clockTime(iso: string): string {
  const d = new Date(iso)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}

/** A name for a copy that is not taken yet: `spirals copy`, `spirals copy 2`, ... */
export function copyName(name: string, taken: readonly string[]): string {
  const names = new Set(taken)
  let candidate = `${name} copy`
  for (let i = 2; names.has(candidate); i++) candidate = `${name} copy ${i}`
  return candidate
}
