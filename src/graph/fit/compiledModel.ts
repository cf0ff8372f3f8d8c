import type { CpuTensor } from '../../engine/ops/opDef'
import type { OptimizerConfig } from '../../engine/optim/optimizer'
import { type CompiledInference, compileInference } from '../../engine/train/compileInference'
import { type CompiledTrainStep, compileTrainStep } from '../../engine/train/compileTrainStep'
import type { TensorMap } from '../../engine/train/modelGraph'
import type { ModelDocument } from '../document/schema'
import type { LossSpec } from '../lower/attachLoss'
import { type LoweredModel, lowerDocument } from '../lower/lowerDocument'

/** Weights of a model: parameters and buffers by state_dict key. */
export interface Weights {
  readonly params: TensorMap
  readonly buffers: TensorMap
}

/**
 * The document lowered once at batch 1 in eval mode: its inputs, outputs, parameters and buffers
 * with their shapes, for checking data and weights before anything is compiled for real.
 */
export function probeModel(doc: ModelDocument): LoweredModel {
  return lowerDocument(doc, { batch: 1, training: false })
}

/** What an eval-mode pass over one batch gives: the prediction, and the loss when one is attached. */
export interface EvalOutputs {
  readonly prediction: CpuTensor
  readonly loss?: CpuTensor
}

/**
 * A document's compiled graphs, one per batch size, made on first use. A compiled graph has a
 * fixed batch size, and the DataLoader's last batch of an epoch is smaller unless drop_last: the
 * run keeps torch's default (every sample seen once an epoch) by compiling that size too.
 */
export class CompiledModel {
  private readonly steps = new Map<string, CompiledTrainStep>()
  private readonly evals = new Map<number, CompiledInference>()
  private readonly predictions = new Map<number, CompiledInference>()

  constructor(
    readonly doc: ModelDocument,
    /** The output to predict with (and to attach the loss to). */
    readonly outputName: string,
    readonly loss?: LossSpec,
    readonly optimizer?: OptimizerConfig,
  ) {}

  /**
   * The training step (training-mode forward, loss, backward, update) for batches of `batch`.
   * With `guard`, the step carries the non-finite guard the WebGPU executor needs (a NaN/Inf loss
   * leaves the state as it was, without a readback).
   */
  trainStep(batch: number, options: { readonly guard?: boolean } = {}): CompiledTrainStep {
    const key = `${batch}${options.guard ? '/guard' : ''}`
    let step = this.steps.get(key)
    if (!step) {
      if (!this.loss || !this.optimizer) throw new Error('a training step needs a loss and an optimizer')
      const model = lowerDocument(this.doc, { batch, training: true, loss: this.loss })
      step = compileTrainStep(model, {
        loss: model.loss!,
        optimizer: this.optimizer,
        ...(options.guard ? { guard: true } : {}),
      })
      this.steps.set(key, step)
    }
    return step
  }

  /** Runs the eval-mode graph (running statistics, no dropout) on a batch of `batch` samples. */
  evaluate(
    weights: Weights,
    feeds: Readonly<Record<string, Float32Array | Int32Array>>,
    batch: number,
  ): EvalOutputs {
    let compiled = this.evals.get(batch)
    if (!compiled) {
      const model = lowerDocument(this.doc, {
        batch,
        training: false,
        ...(this.loss ? { loss: this.loss } : {}),
      })
      const outputs = {
        prediction: model.outputs[this.outputName]!,
        ...(model.loss ? { loss: model.loss } : {}),
      }
      compiled = compileInference(model, outputs)
      this.evals.set(batch, compiled)
    }
    const out = compiled.run(weights, feeds)
    return { prediction: out.prediction!, ...(out.loss ? { loss: out.loss } : {}) }
  }

  /**
   * The eval-mode prediction alone (no loss, so no target feed) for a batch of `batch` samples:
   * what inference on new inputs runs, where there are no labels.
   */
  predict(
    weights: Weights,
    feeds: Readonly<Record<string, Float32Array | Int32Array>>,
    batch: number,
  ): CpuTensor {
    let compiled = this.predictions.get(batch)
    if (!compiled) {
      const model = lowerDocument(this.doc, { batch, training: false })
      compiled = compileInference(model, { prediction: model.outputs[this.outputName]! })
      this.predictions.set(batch, compiled)
    }
    return compiled.run(weights, feeds).prediction!
  }
}
