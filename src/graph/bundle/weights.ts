import type { InitSlot } from '../../engine/init/init'
import { DataError } from '../../engine/io/dataError'
import { type HostArray, toFloat32 } from '../../engine/io/hostArray'
import { readSafetensors, writeSafetensors } from '../../engine/io/safetensors'
import type { TensorMap } from '../../engine/train/modelGraph'
import type { Weights } from '../fit/compiledModel'

/** The parameter and buffer slots of a model: names and shapes, as a state_dict lists them. */
export interface WeightSlots {
  readonly params: readonly InitSlot[]
  readonly buffers: readonly InitSlot[]
}

/**
 * Weights as safetensors bytes: every parameter and buffer under its state_dict key, float32,
 * with the model's name in the metadata (`format: pt`, as `safetensors.torch.save_file` writes).
 */
export function weightsToSafetensors(slots: WeightSlots, weights: Weights, modelName: string): Uint8Array {
  const tensors: Record<string, HostArray> = {}
  const add = (list: readonly InitSlot[], map: TensorMap) => {
    for (const s of list) {
      const data = map[s.name]
      if (!data) throw new Error(`no weights for '${s.name}' of "${modelName}"`)
      tensors[s.name] = { dtype: 'float32', shape: [...s.shape], data: Float32Array.from(data) }
    }
  }
  add(slots.params, weights.params)
  add(slots.buffers, weights.buffers)
  return writeSafetensors(tensors, { format: 'pt', model: modelName })
}

/**
 * Reads a model's weights from safetensors bytes (`name` for messages). Every parameter and
 * buffer must be there with its shape; a missing, misshapen or extra tensor is one `DataError`
 * line naming it (extras are refused as `load_state_dict(strict=True)` does).
 */
export function weightsFromSafetensors(bytes: Uint8Array, slots: WeightSlots, name: string): Weights {
  const file = readSafetensors(bytes, name)
  const take = (list: readonly InitSlot[]): TensorMap => {
    const out: TensorMap = {}
    for (const s of list) {
      const t = file.tensors.get(s.name)
      if (!t) throw new DataError(`${name}: no tensor '${s.name}' (are these the weights of this model?)`)
      if (t.shape.join() !== s.shape.join())
        throw new DataError(
          `${name}: tensor '${s.name}' has shape [${t.shape.join(', ')}], the model needs [${s.shape.join(', ')}]`,
        )
      out[s.name] = toFloat32(t)
    }
    return out
  }
  const params = take(slots.params)
  const buffers = take(slots.buffers)
  const known = new Set([...slots.params, ...slots.buffers].map((s) => s.name))
  const extra = [...file.tensors.keys()].filter((k) => !known.has(k))
  if (extra.length > 0)
    throw new DataError(
      `${name}: tensor '${extra[0]}' is not a parameter of this model${extra.length > 1 ? ` (and ${extra.length - 1} more)` : ''}`,
    )
  return { params, buffers }
}

/**
 * Checks in-memory weights (from an ONNX file or a bundle) against a model's slots: the same
 * names and shapes `weightsFromSafetensors` insists on, as float32 copies.
 */
export function checkWeights(weights: Weights, slots: WeightSlots, source: string): Weights {
  const take = (list: readonly InitSlot[], map: TensorMap): TensorMap => {
    const out: TensorMap = {}
    for (const s of list) {
      const data = map[s.name]
      const n = s.shape.reduce((a, b) => a * b, 1)
      if (!data)
        throw new DataError(`${source}: no weights for '${s.name}' (are these the weights of this model?)`)
      if (data.length !== n)
        throw new DataError(`${source}: '${s.name}' has ${data.length} values, the model needs ${n}`)
      out[s.name] = Float32Array.from(data)
    }
    return out
  }
  return { params: take(slots.params, weights.params), buffers: take(slots.buffers, weights.buffers) }
}
