import type { Feeds } from '../../cpu/runCpu'
import { fanInBias, kaimingUniform } from '../../init/init'
import { GraphBuilder } from '../../ir/builder'
import type { OptimizerConfig } from '../../optim/optimizer'
import { Rng } from '../../random/rng'
import { type CompiledTrainStep, compileTrainStep } from '../../train/compileTrainStep'
import type { ModelGraph, ParamSlot } from '../../train/modelGraph'

/**
 * Small models for the executor's browser tests and its ad-hoc benchmark, built on the engine's
 * builder alone (src/engine may not import the document lowering of src/graph).
 */

/** An MLP: `widths[0]` inputs, ReLU between layers, cross-entropy on one-hot targets. */
export interface MlpSpec {
  readonly widths: readonly number[]
  readonly optimizer: OptimizerConfig
  readonly guard?: boolean
  readonly clipGradNorm?: number
}

/** Compiles the MLP's training step for `batch` rows (PyTorch's Linear init, seeded). */
export function mlpStep(spec: MlpSpec, batch: number): CompiledTrainStep {
  const g = new GraphBuilder()
  const { widths } = spec
  const x = g.input([batch, widths[0]!], { name: 'x' })
  const target = g.input([batch, widths[widths.length - 1]!], { name: 'target' })
  const params: ParamSlot[] = []
  let h = x
  for (let l = 1; l < widths.length; l++) {
    const shape = [widths[l]!, widths[l - 1]!]
    const w = g.param(`fc${l}.weight`, shape)
    const b = g.param(`fc${l}.bias`, [widths[l]!])
    params.push({ name: `fc${l}.weight`, shape, init: kaimingUniform(shape), value: w })
    params.push({ name: `fc${l}.bias`, shape: [widths[l]!], init: fanInBias(shape), value: b })
    h = g.add(g.matmul(h, g.transpose(w, 0, 1)), b)
    if (l < widths.length - 1) h = g.relu(h)
  }
  const loss = g.neg(g.mean(g.sum(g.mul(target, g.logSoftmax(h, 1)), 1)))
  const model: ModelGraph = { graph: g, params, buffers: [], noise: [] }
  return compileTrainStep(model, {
    loss,
    optimizer: spec.optimizer,
    guard: spec.guard ?? true,
    ...(spec.clipGradNorm !== undefined && { clipGradNorm: spec.clipGradNorm }),
  })
}

/** A seeded batch for the MLP: uniform inputs in [-1, 1), one-hot targets. */
export function mlpBatch(
  spec: MlpSpec,
  rows: number,
  seed: number,
): { x: Float32Array; target: Float32Array } {
  const inputs = spec.widths[0]!
  const classes = spec.widths[spec.widths.length - 1]!
  const rng = Rng.stream(seed, 'executor test batch')
  const x = rng.uniformArray(rows * inputs).map((u) => 2 * u - 1)
  const labels = rng.uniformArray(rows)
  const target = new Float32Array(rows * classes)
  for (let r = 0; r < rows; r++)
    target[r * classes + Math.min(classes - 1, Math.floor(labels[r]! * classes))] = 1
  return { x, target }
}

/** The batch with one input replaced by NaN: its loss is NaN. */
export function poisoned(batch: { x: Float32Array; target: Float32Array }): Feeds {
  const x = batch.x.slice()
  x[0] = Number.NaN
  return { x, target: batch.target }
}

/** The 2-16-16-2 spirals MLP with Adam: the benchmark's small workload. */
export const SPIRALS_MLP: MlpSpec = { widths: [2, 16, 16, 2], optimizer: { type: 'adam', lr: 0.01 } }

/** The 784-256-10 MLP with Adam: issue 4's benchmark workload. */
export const MNIST_MLP: MlpSpec = { widths: [784, 256, 10], optimizer: { type: 'adam', lr: 1e-3 } }
