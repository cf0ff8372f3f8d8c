import type { CpuPrecision, Feeds } from '../cpu/runCpu'
import type { Value } from '../ir/value'
import type { CpuTensor } from '../ops/opDef'
import { constantLr, type LrSchedule } from '../optim/schedule'
import { compileInference } from './compileInference'
import { emptyLoopState, type LoopState, withModelTensors } from './customLoopState'
import { type CompiledLoopStep, compileLoopStep, type LoopStepDefinition } from './customLoopStep'
import type { ModelGraph } from './modelGraph'

/** Options of a `CustomLoop`. */
export interface CustomLoopOptions {
  /** Seed of the initial weights (by tensor name) and of the noise streams; default 0. */
  readonly seed?: number
  readonly precision?: CpuPrecision
}

/** Options of `CustomLoop.step`. */
export interface LoopStepOptions {
  /** Learning rate per optimizer step of this step's optimizer; default constant. */
  readonly schedule?: LrSchedule
}

/** What calling a step returns. */
export interface StepOutcome {
  /** The loss before the update (PyTorch's `loss.item()`). */
  readonly loss: number
  /** The step definition's `outputs`, computed before the update. */
  readonly outputs: Readonly<Record<string, CpuTensor>>
  readonly gradNorm?: number
}

/** A compiled step bound to a loop's state: call it with a batch, it trains. */
export interface LoopStep {
  readonly name: string
  readonly compiled: CompiledLoopStep
  /** The learning rate the next call will use. */
  readonly lr: number
  /** One optimizer step on `batch` (feeds by input name); the loop's state moves on. */
  run(batch: Feeds): StepOutcome
}

/** A forward graph bound to a loop's state: samples, evaluation, no update. */
export interface LoopInference {
  run(batch: Feeds): Record<string, CpuTensor>
}

/**
 * The shell of a custom training loop: one store of parameters, buffers and optimizer states
 * that every step of the loop reads and writes, and compiled steps bound to it. The loop itself
 * is ordinary code that calls the steps in any order, as a PyTorch training script calls
 * `optD.step()` and `optG.step()`; each step is one graph, compiled when it is added.
 *
 * @example
 * const loop = new CustomLoop({ seed: 0 })
 * const stepD = loop.step(defD)  // trains the discriminator's parameters
 * const stepG = loop.step(defG)  // trains the generator's, through the frozen discriminator
 * for (let i = 0; i < 500; i++) {
 *   stepD.run({ real: nextReal(), z: nextNoise() })
 *   stepG.run({ z: nextNoise() })
 * }
 * loop.losses.D // one loss per call of stepD
 */
export class CustomLoop {
  private current: LoopState = emptyLoopState()
  private readonly steps = new Map<string, CompiledLoopStep>()
  /** Loss of every call, by step name, in order. */
  readonly losses: Record<string, number[]> = {}

  constructor(private readonly options: CustomLoopOptions = {}) {}

  /** The state after the last call: every tensor by name, every optimizer by name. */
  get state(): LoopState {
    return this.current
  }

  /** Replaces the state (a checkpoint being restored); steps added later still add missing tensors. */
  load(state: LoopState): void {
    this.current = state
  }

  /**
   * Compiles `def` and binds it to this loop. Parameters and buffers the loop does not hold yet
   * are initialized (seeded by name); those it holds are shared with the steps already added.
   */
  step(def: LoopStepDefinition, options: LoopStepOptions = {}): LoopStep {
    if (this.steps.has(def.name)) throw new Error(`the loop already has a step named ${def.name}.`)
    const compiled = compileLoopStep(def)
    this.checkSharedOptimizer(compiled)
    this.steps.set(def.name, compiled)
    this.current = withModelTensors(this.current, def.model, this.options.seed ?? 0)
    const losses: number[] = []
    this.losses[def.name] = losses
    const schedule = options.schedule ?? constantLr
    const lr = () =>
      schedule(this.current.optimizers[compiled.optimizerName]?.step ?? 0, compiled.optimizer.lr)
    const run = (batch: Feeds): StepOutcome => {
      const r = compiled.run(this.current, batch, {
        lr: lr(),
        seed: this.options.seed ?? 0,
        ...(this.options.precision ? { precision: this.options.precision } : {}),
      })
      this.current = r.state
      losses.push(r.loss)
      return {
        loss: r.loss,
        outputs: r.outputs,
        ...(r.gradNorm !== undefined ? { gradNorm: r.gradNorm } : {}),
      }
    }
    return {
      name: def.name,
      compiled,
      get lr() {
        return lr()
      },
      run,
    }
  }

  /**
   * An eval-mode forward (lowered with training off: no noise) reading this loop's current
   * weights at each call. Tensors the loop does not hold yet are initialized as `step` does.
   */
  inference(model: ModelGraph, outputs: Readonly<Record<string, Value>>): LoopInference {
    const compiled = compileInference(model, outputs)
    this.current = withModelTensors(this.current, model, this.options.seed ?? 0)
    return {
      run: (batch) => compiled.run(this.current, batch, this.options.precision ?? 'f32'),
    }
  }

  /** Steps sharing an optimizer must step the same parameters with the same settings. */
  private checkSharedOptimizer(step: CompiledLoopStep): void {
    for (const other of this.steps.values()) {
      if (other.optimizerName !== step.optimizerName) continue
      const names = (s: CompiledLoopStep) => s.trained.map((p) => p.name).join(',')
      if (JSON.stringify(other.optimizer) !== JSON.stringify(step.optimizer) || names(other) !== names(step))
        throw new Error(
          `steps ${other.name} and ${step.name} share optimizer ${step.optimizerName} but differ in its settings or parameters.`,
        )
    }
  }
}
