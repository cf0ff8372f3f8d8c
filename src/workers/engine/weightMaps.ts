import type { InitSlot } from '../../engine/init/init'
import type { TrainState } from '../../engine/train/compileTrainStep'
import type { TensorMap } from '../../engine/train/modelGraph'
import type { LoweredModel } from '../../graph/lower/lowerDocument'
import type { Checkpoint, WeightMap } from './protocol'

const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`
const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1)

/** A tensor map as float32 copies with their shapes (what crosses to the page). */
export function toWeightMap(slots: readonly InitSlot[], map: TensorMap): WeightMap {
  const out: Record<string, { shape: readonly number[]; data: Float32Array }> = {}
  for (const s of slots) {
    const data = map[s.name]
    if (data) out[s.name] = { shape: [...s.shape], data: Float32Array.from(data) }
  }
  return out
}

/**
 * Checks a weight map against the model's slots as `load_state_dict(strict=True)` does: every
 * slot present with its shape, nothing extra. Returns float32 copies by name; throws one line
 * naming the first problem and the fix.
 */
export function fromWeightMap(slots: readonly InitSlot[], weights: WeightMap, what: string): TensorMap {
  const out: TensorMap = {}
  const known = new Set(slots.map((s) => s.name))
  const extra = Object.keys(weights).find((k) => !known.has(k))
  if (extra !== undefined)
    throw new Error(
      `${what}: '${extra}' is not in this model (its ${what} are ${[...known].join(', ') || 'none'}): load weights saved from the same model.`,
    )
  for (const s of slots) {
    const t = weights[s.name]
    if (!t) throw new Error(`${what}: '${s.name}' is missing: load weights saved from the same model.`)
    if (t.shape.join() !== s.shape.join() || t.data.length !== numel(s.shape))
      throw new Error(
        `${what}: '${s.name}' is ${fmt(t.shape)} (${t.data.length} values) but the model's is ${fmt(s.shape)}: load weights saved from the same model.`,
      )
    out[s.name] = Float32Array.from(t.data)
  }
  return out
}

/** A training state as a protocol checkpoint (float32 copies). */
export function toCheckpoint(probe: LoweredModel, state: TrainState): Checkpoint {
  const optimizer: Record<string, Float32Array> = {}
  for (const [k, v] of Object.entries(state.optimizer)) optimizer[k] = Float32Array.from(v)
  return {
    step: state.step,
    params: toWeightMap(probe.params, state.params),
    buffers: toWeightMap(probe.buffers, state.buffers),
    optimizer,
  }
}

/**
 * A protocol checkpoint as a training state, checked against the model and against the optimizer
 * state the run has (`expectedOptimizer`: same keys, same sizes).
 */
export function fromCheckpoint(
  probe: LoweredModel,
  checkpoint: Checkpoint,
  expectedOptimizer: TensorMap,
): TrainState {
  if (!Number.isInteger(checkpoint.step) || checkpoint.step < 0)
    throw new Error(`checkpoint: step must be a non-negative integer, got ${checkpoint.step}.`)
  const optimizer: TensorMap = {}
  for (const [key, current] of Object.entries(expectedOptimizer)) {
    const t = checkpoint.optimizer[key]
    if (!t || t.length !== current.length)
      throw new Error(
        `checkpoint: optimizer state '${key}' is ${t ? `${t.length} values, not ${current.length}` : 'missing'}: restore a checkpoint of this model and optimizer.`,
      )
    optimizer[key] = Float32Array.from(t)
  }
  return {
    step: checkpoint.step,
    params: fromWeightMap(probe.params, checkpoint.params, 'parameters'),
    buffers: fromWeightMap(probe.buffers, checkpoint.buffers, 'buffers'),
    optimizer,
  }
}

/**
 * A `setWeights` map checked against the model: every parameter, and the buffers either all or
 * none (a map of parameters alone keeps the running statistics the run has).
 */
export function fromWeightUpdate(
  probe: LoweredModel,
  weights: WeightMap,
): { readonly params: TensorMap; readonly buffers?: TensorMap } {
  const bufferNames = new Set(probe.buffers.map((b) => b.name))
  const params: Record<string, WeightMap[string]> = {}
  const buffers: Record<string, WeightMap[string]> = {}
  for (const [k, v] of Object.entries(weights)) (bufferNames.has(k) ? buffers : params)[k] = v
  return {
    params: fromWeightMap(probe.params, params, 'parameters'),
    ...(Object.keys(buffers).length > 0 ? { buffers: fromWeightMap(probe.buffers, buffers, 'buffers') } : {}),
  }
}
