import { type CpuPrecision, type Feeds, runCpu } from '../cpu/runCpu'
import type { Value } from '../ir/value'
import type { CpuBuffer, CpuTensor } from '../ops/opDef'
import type { ModelGraph, TensorMap } from './modelGraph'

/** An inference graph compiled once: run it per batch with the weights of a training run. */
export interface CompiledInference {
  readonly outputs: Readonly<Record<string, Value>>
  /** Computes the named outputs from the parameters, buffers and a batch. */
  run(
    weights: { readonly params: TensorMap; readonly buffers: TensorMap },
    batch: Feeds,
    precision?: CpuPrecision,
  ): Record<string, CpuTensor>
}

/**
 * Wraps an eval-mode model graph (lowered with `training: false`: no noise, running statistics)
 * for inference. Separate from the training step's graph, so it holds no backward or optimizer
 * values and can be compiled for another batch size.
 */
export function compileInference(
  model: ModelGraph,
  outputs: Readonly<Record<string, Value>>,
): CompiledInference {
  if (model.noise.length > 0)
    throw new Error(
      `an inference graph takes no noise, but ${model.noise[0]!.name} needs some: lower it with training: false.`,
    )
  const wanted = Object.values(outputs)
  return {
    outputs,
    run(weights, batch, precision = 'f32') {
      const feeds: Record<string, CpuBuffer | readonly number[]> = { ...batch }
      for (const p of model.params) {
        const t = weights.params[p.name]
        if (!t) throw new Error(`no weights for parameter '${p.name}'.`)
        feeds[p.name] = t
      }
      for (const b of model.buffers) {
        const t = weights.buffers[b.name]
        if (!t) throw new Error(`no value for buffer '${b.name}'.`)
        feeds[b.name] = t
      }
      const result = runCpu(model.graph, feeds, { outputs: wanted, precision })
      const out: Record<string, CpuTensor> = {}
      for (const [name, v] of Object.entries(outputs)) out[name] = result.get(v)
      return out
    },
  }
}
