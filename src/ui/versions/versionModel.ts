import type { ModelDocument, TrainingSetup } from '../../graph/document/schema'
import type { WeightMap } from '../../workers/engine/protocol'
import type { LossCurve, ValidationPoint } from '../store/runSlice'

/** A model's weights as the engine worker hands them out: parameters and buffers, with shapes. */
export interface ModelWeights {
  readonly params: WeightMap
  readonly buffers: WeightMap
}

/** How a version's weights were trained: the document's setup plus what the run itself used. */
export interface VersionSetup {
  readonly training: TrainingSetup | null
  readonly backend: string | null
  readonly steps: number
  readonly epochs: number
}

/**
 * One version of the model: a finished run (or a bundle that was opened), with everything a
 * rollback or a comparison needs. Versions are immutable records; the store keeps them in order.
 */
export interface ModelVersion {
  /** Semver (`0.3.0`); unique in the store. */
  readonly version: string
  /** The version the run started from (its document and weights), if any. */
  readonly parent: string | null
  /** ISO time the run finished (or the bundle's creation time). */
  readonly createdAt: string
  readonly outcome: 'done' | 'stopped' | 'bundle'
  /** The document the run trained (a snapshot taken when it was compiled). */
  readonly doc: ModelDocument
  readonly setup: VersionSetup
  readonly curve: LossCurve
  readonly validation: readonly ValidationPoint[]
  readonly weights: ModelWeights
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/

/**
 * The version a new run gets: the next minor after the highest version so far (`0.1.0` first),
 * so every run is a new, larger version whatever it was rolled back from.
 * @example nextVersion(['0.1.0', '0.2.0']) // '0.3.0'
 */
export function nextVersion(existing: readonly string[]): string {
  let best: [number, number] = [0, 0]
  for (const v of existing) {
    const m = SEMVER.exec(v)
    if (!m) continue
    const major = Number(m[1])
    const minor = Number(m[2])
    if (major > best[0] || (major === best[0] && minor > best[1])) best = [major, minor]
  }
  return `${best[0]}.${best[1] + 1}.0`
}

/** The last finite training loss of a version, or null. */
export function finalLoss(v: Pick<ModelVersion, 'curve'>): number | null {
  const last = v.curve.losses.at(-1)
  return last !== undefined && Number.isFinite(last) ? last : null
}

/** The last validation point of a version, or null. */
export function finalValidation(v: Pick<ModelVersion, 'validation'>): ValidationPoint | null {
  return v.validation.at(-1) ?? null
}

/** Whether two weight sets hold the same keys, shapes and values (bit for bit). */
export function sameWeights(a: ModelWeights, b: ModelWeights): boolean {
  const same = (x: WeightMap, y: WeightMap) => {
    const keys = Object.keys(x)
    if (keys.length !== Object.keys(y).length) return false
    return keys.every((k) => {
      const p = x[k]!
      const q = y[k]
      if (!q || p.shape.join() !== q.shape.join() || p.data.length !== q.data.length) return false
      for (let i = 0; i < p.data.length; i++) if (!Object.is(p.data[i], q.data[i])) return false
      return true
    })
  }
  return same(a.params, b.params) && same(a.buffers, b.buffers)
}

/** A deep copy of weights, so a stored version never shares arrays with the worker's answers. */
export function copyWeights(w: ModelWeights): ModelWeights {
  const copy = (m: WeightMap): WeightMap =>
    Object.fromEntries(Object.entries(m).map(([k, t]) => [k, { shape: [...t.shape], data: t.data.slice() }]))
  return { params: copy(w.params), buffers: copy(w.buffers) }
}
