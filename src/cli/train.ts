import type { TrainState } from '../engine/train/compileTrainStep'
import { serializeDocument } from '../graph/document/validate'
import { type EvalResult, evaluate } from '../graph/fit/evaluate'
import type { ParsedArgs } from './args'
import { RunError } from './errors'
import type { CliIo } from './io'
import { RUN_FILES } from './model'
import { writeFileAtomic, writeRunDirectory } from './outDir'
import { createProgress } from './progress'
import { trainedSetup } from './setup'
import { trainedBundle } from './trainBundle'
import { planTraining, type TrainPlan } from './trainPlan'
import { weightsToSafetensors } from './weights'

/** Every optimizer step's loss and every epoch's validation result: `metrics.json`. */
export interface RunMetrics {
  train: { step: number; loss: number }[]
  validation: { epoch: number; loss: number; accuracy: number | null }[]
}

/** How a run ended: its final state and metrics, and why it stopped early, if it did. */
interface RunOutcome {
  readonly state: TrainState
  readonly metrics: RunMetrics
  readonly epochsRun: number
  readonly lastValidation?: EvalResult
  /** Milliseconds spent in optimizer steps (steps/s leaves validation out). */
  readonly stepMs: number
  readonly failure?: string
}

const round = (v: number | null) => (v === null ? null : Number(v.toPrecision(6)))

/**
 * `triad train <model>`: trains on the CPU with the document's training setup, flags on top.
 * Input is checked first (`planTraining`); the outputs are written only after the last step,
 * whole or not at all. Prints progress, then a JSON summary as the last line of stdout. A run
 * whose loss turns NaN/Inf stops, keeps the last good weights, and exits 1.
 */
export async function trainCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const plan = await planTraining(args, io)
  const { doc, setup, train, validation, loader } = plan
  io.out(
    `training ${plan.label} on ${plan.dataset.name} (${train.size} train, ${validation?.size ?? 0} validation), ` +
      `${setup.optimizer.type} lr ${setup.optimizer.lr}, batch ${loader.batchSize}, ` +
      `${plan.epochs} epoch${plan.epochs > 1 ? 's' : ''}, ${plan.totalSteps} steps, backend ${plan.backend}\n`,
  )
  const started = io.now()
  const outcome = runTraining(plan, io)
  const { state, metrics, lastValidation } = outcome
  const seconds = (io.now() - started) / 1000
  const trainResult = evaluate(plan.model, state, train, plan.binding)
  const trainedDoc = { ...doc, training: trainedSetup(doc, setup, Math.max(1, outcome.epochsRun)) }
  if (plan.outBundle) {
    const bytes = await trainedBundle(plan, trainedDoc, state, metrics, {
      train_accuracy: trainResult.accuracy,
      validation_accuracy: lastValidation?.accuracy ?? null,
    })
    writeFileAtomic(plan.outBundle, bytes)
  }
  if (plan.outDir) {
    writeRunDirectory(plan.outDir, {
      [RUN_FILES.weights]: weightsToSafetensors(plan.probe, state, doc.name),
      [RUN_FILES.metrics]: `${JSON.stringify(metrics)}\n`,
      [RUN_FILES.model]: serializeDocument(trainedDoc),
    })
  }
  const summary = {
    command: 'train',
    status: outcome.failure ? 'diverged' : 'ok',
    model: doc.name,
    dataset: plan.dataset.name,
    backend: plan.backend,
    steps: state.step,
    epochs: outcome.epochsRun,
    seconds: round(seconds),
    steps_per_second: round(outcome.stepMs > 0 ? (1000 * state.step) / outcome.stepMs : 0),
    final_loss: round(metrics.train.at(-1)?.loss ?? Number.NaN),
    train: { loss: round(trainResult.loss), accuracy: round(trainResult.accuracy), samples: train.size },
    validation: lastValidation
      ? {
          loss: round(lastValidation.loss),
          accuracy: round(lastValidation.accuracy),
          samples: lastValidation.samples,
        }
      : null,
    out: plan.outDir ?? plan.outBundle ?? null,
    ...(plan.outBundle ? { version: plan.version, parent_version: plan.parentVersion } : {}),
  }
  io.out(`${JSON.stringify(summary)}\n`)
  if (outcome.failure) throw new RunError(outcome.failure)
  return 0
}

/** The training loop: DataLoader batches, one compiled step each, validation after each epoch. */
function runTraining(plan: TrainPlan, io: CliIo): RunOutcome {
  const { setup, loader, model, binding, validation, totalSteps, epochs } = plan
  const initial = model.trainStep(loader.batchSize).initialState(setup.seed)
  // an ONNX file's or a bundle's weights are the starting point; the optimizer starts fresh
  let state: TrainState = plan.startWeights ? { ...initial, ...plan.startWeights } : initial
  const metrics: RunMetrics = { train: [], validation: [] }
  const progress = createProgress(io, totalSteps, plan.logEvery)
  let lastValidation: EvalResult | undefined
  let epochsRun = 0
  let stepMs = 0
  let failure: string | undefined
  for (let epoch = 1; epoch <= epochs && !failure; epoch++) {
    for (let k = 0; k < loader.length && state.step < totalSteps; k++) {
      const batch = loader.batch(epoch - 1, k)
      // the last batch of an epoch may be smaller: it gets its own compiled step, same state
      const step = model.trainStep(batch.indices.length)
      const t0 = io.now()
      const feeds = { [binding.inputName]: batch.x, target: binding.target(batch) }
      const result = step.run(state, feeds, { seed: setup.seed })
      stepMs += io.now() - t0
      if (!Number.isFinite(result.loss)) {
        failure =
          `the loss became ${result.loss} at step ${state.step + 1} (epoch ${epoch}): lower --lr (now ` +
          `${setup.optimizer.lr}) or check the data for NaN/Inf; the weights of step ${state.step} are kept`
        break
      }
      state = result.state
      metrics.train.push({ step: state.step, loss: result.loss })
      progress.step({ epoch, epochs, step: state.step, steps: totalSteps, loss: result.loss })
    }
    if (failure) break
    epochsRun = epoch
    if (validation) {
      lastValidation = evaluate(model, state, validation, binding)
      const { loss, accuracy } = lastValidation
      metrics.validation.push({ epoch, loss, accuracy })
      const acc = accuracy === null ? '' : `  accuracy ${(100 * accuracy).toFixed(2)}%`
      progress.epoch(epoch, epochs, `epoch ${epoch}/${epochs}  validation loss ${loss.toPrecision(4)}${acc}`)
    }
  }
  progress.done()
  return {
    state,
    metrics,
    epochsRun,
    stepMs,
    ...(lastValidation ? { lastValidation } : {}),
    ...(failure ? { failure } : {}),
  }
}
