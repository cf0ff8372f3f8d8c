import { formatShape, numel, type Shape } from '../ir/shape'
import { Rng } from '../random/rng'

/**
 * How a parameter or buffer starts, as data: lowering says which (PyTorch's default for the
 * layer), `initTensor` draws it. Data rather than closures, so a compiled model can list and
 * serialize how each of its tensors was made.
 */
export type InitSpec =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | {
      readonly kind: 'normal'
      readonly mean: number
      readonly std: number
      /** A row (index along dim 0) set to zero after drawing: Embedding's padding_idx. */
      readonly zeroRow?: number
    }

/** torch.nn.init.zeros_. */
export const ZEROS: InitSpec = { kind: 'constant', value: 0 }
/** torch.nn.init.ones_. */
export const ONES: InitSpec = { kind: 'constant', value: 1 }

/**
 * PyTorch's `_calculate_fan_in_and_fan_out`: for a weight [out, in, *kernel], fan_in =
 * in * prod(kernel), fan_out = out * prod(kernel). Needs at least 2 dims, as in PyTorch.
 */
export function fans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length < 2)
    throw new Error(`fan in and fan out need a tensor of at least 2 dims, got ${formatShape(shape)}.`)
  const receptive = numel(shape.slice(2))
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive }
}

/** U(-bound, bound). */
export function symmetricUniform(bound: number): InitSpec {
  return { kind: 'uniform', low: -bound, high: bound }
}

/**
 * torch.nn.init.kaiming_uniform_(w, a) with fan_in mode and the leaky_relu gain. With PyTorch's
 * `a = sqrt(5)` (Linear, Conv) the bound is 1/sqrt(fan_in).
 */
export function kaimingUniform(shape: Shape, a = Math.sqrt(5)): InitSpec {
  const { fanIn } = fans(shape)
  const gain = Math.sqrt(2 / (1 + a * a))
  return symmetricUniform(fanIn > 0 ? Math.sqrt(3) * (gain / Math.sqrt(fanIn)) : 0)
}

/** The bias of Linear/Conv: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with the weight's fan_in. */
export function fanInBias(weightShape: Shape): InitSpec {
  const { fanIn } = fans(weightShape)
  return symmetricUniform(fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0)
}

/** torch.nn.init.xavier_uniform_: U(±gain·sqrt(6 / (fan_in + fan_out))). */
export function xavierUniform(shape: Shape, gain = 1): InitSpec {
  const { fanIn, fanOut } = fans(shape)
  return symmetricUniform(gain * Math.sqrt(6 / (fanIn + fanOut)))
}

/** torch.nn.init.xavier_normal_: N(0, gain²·2 / (fan_in + fan_out)). */
export function xavierNormal(shape: Shape, gain = 1): InitSpec {
  const { fanIn, fanOut } = fans(shape)
  return { kind: 'normal', mean: 0, std: gain * Math.sqrt(2 / (fanIn + fanOut)) }
}

/** Draws a tensor of `shape` as `spec` says, from `rng`. */
export function initTensor(spec: InitSpec, shape: Shape, rng: Rng): Float32Array {
  const n = numel(shape)
  switch (spec.kind) {
    case 'constant':
      return new Float32Array(n).fill(spec.value)
    case 'uniform':
      return rng.uniformArray(n, spec.low, spec.high)
    case 'normal': {
      const out = rng.normalArray(n, spec.mean, spec.std)
      if (spec.zeroRow !== undefined && shape.length > 0) {
        const width = n / shape[0]!
        out.fill(0, spec.zeroRow * width, (spec.zeroRow + 1) * width)
      }
      return out
    }
  }
}

/** A named tensor to initialize: a parameter or a buffer of a compiled model. */
export interface InitSlot {
  readonly name: string
  readonly shape: Shape
  readonly init: InitSpec
}

/**
 * Initial values of every slot, each drawn from its own stream `Rng.stream(seed, name)`: the
 * same seed gives the same weights, and adding a layer leaves the others' draws unchanged.
 */
export function initTensors(slots: readonly InitSlot[], seed: number): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {}
  for (const s of slots) out[s.name] = initTensor(s.init, s.shape, Rng.stream(seed, s.name))
  return out
}
