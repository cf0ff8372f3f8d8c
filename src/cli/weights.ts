import { readFileSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { DataError } from '../engine/io/dataError'
import { initialWeights } from '../graph/bundle/initialWeights'
import { checkWeights, type WeightSlots, weightsFromSafetensors } from '../graph/bundle/weights'
import type { Weights } from '../graph/fit/compiledModel'
import { type ParsedArgs, stringFlag } from './args'
import { UsageError } from './errors'
import type { LoadedModel } from './model'

export { type WeightSlots, weightsToSafetensors } from '../graph/bundle/weights'

/**
 * Reads weights for a model from a safetensors file. Every parameter and buffer must be there
 * with its shape; a missing or misshapen tensor is one `DataError` line naming it (extra tensors
 * are refused too, as `load_state_dict(strict=True)` does).
 */
export function readWeights(path: string, slots: WeightSlots): Weights {
  const name = basename(path)
  let bytes: Uint8Array
  try {
    if (statSync(path).size > 2 ** 31) throw new DataError(`${name}: over the 2 GiB limit for a weights file`)
    bytes = new Uint8Array(readFileSync(path))
  } catch (e) {
    if (e instanceof DataError) throw e
    throw new DataError(`${name}: no such weights file`)
  }
  return weightsFromSafetensors(bytes, slots, name)
}

/** What a command does when neither --weights nor the model brings weights. */
export type NoWeights = { readonly require: string } | { readonly seed: number }

/**
 * The weights a command runs with: `--weights file.safetensors`; else those the model came with
 * (an ONNX file's initializers, a bundle's weights, a run directory's weights.safetensors); else
 * seeded initial weights (`{ seed }`) or a `UsageError` naming what to pass (`{ require }`).
 */
export function resolveWeights(
  args: ParsedArgs,
  cwd: string,
  loaded: LoadedModel,
  slots: WeightSlots,
  otherwise: NoWeights,
): Weights {
  const flag = stringFlag(args, 'weights')
  if (flag !== undefined) return readWeights(resolve(cwd, flag), slots)
  if (loaded.weights) return checkWeights(loaded.weights, slots, loaded.label)
  if (loaded.weightsPath) return readWeights(loaded.weightsPath, slots)
  if ('seed' in otherwise) return initialWeights(loaded.doc, otherwise.seed)
  throw new UsageError(otherwise.require)
}
