import { type InitSlot, initTensor } from '../init/init'
import { formatShape, numel } from '../ir/shape'
import { Rng } from '../random/rng'
import type { ModelGraph, TensorMap } from './modelGraph'

/**
 * One optimizer's state in a custom loop: the optimizer steps it has taken (PyTorch's
 * `state['step']`, shared by every parameter it updates) and its per-parameter tensors by
 * `optimizerStateKey(param, slot)`. A tensor appears on the first step that updates its
 * parameter, as torch.optim creates state lazily.
 */
export interface OptimizerRecord {
  readonly step: number
  readonly state: TensorMap
}

/**
 * Everything a custom loop carries between calls: the parameters and buffers of every model the
 * loop's steps touch, each stored once by its state_dict name (so two steps that name the same
 * parameter read and write the same tensor), and each optimizer's state by its name. Plain data:
 * steps map one state to the next and never modify the one they were given.
 */
export interface LoopState {
  readonly params: TensorMap
  readonly buffers: TensorMap
  readonly optimizers: Readonly<Record<string, OptimizerRecord>>
}

/** A loop state with nothing in it yet. */
export function emptyLoopState(): LoopState {
  return { params: {}, buffers: {}, optimizers: {} }
}

/**
 * `state` plus the parameters and buffers of `model` it does not hold yet, drawn as their
 * `InitSpec`s say from the stream `Rng.stream(seed, name)` (as `initTensors` draws them, so a
 * tensor's first value does not depend on which step declared it first). Tensors already held
 * are kept; one held with another size is an error naming it.
 */
export function withModelTensors(state: LoopState, model: ModelGraph, seed: number): LoopState {
  const params = addMissing(state.params, model.params, seed, 'parameter')
  const buffers = addMissing(state.buffers, model.buffers, seed, 'buffer')
  if (params === state.params && buffers === state.buffers) return state
  return { ...state, params, buffers }
}

function addMissing(held: TensorMap, slots: readonly InitSlot[], seed: number, what: string): TensorMap {
  let out = held
  for (const s of slots) {
    const t = held[s.name]
    if (t) {
      if (t.length !== numel(s.shape))
        throw new Error(
          `${what} '${s.name}' holds ${t.length} values in the loop's state, but a step declares it ${formatShape(s.shape)}.`,
        )
      continue
    }
    if (out === held) out = { ...held }
    out[s.name] = initTensor(s.init, s.shape, Rng.stream(seed, s.name))
  }
  return out
}
