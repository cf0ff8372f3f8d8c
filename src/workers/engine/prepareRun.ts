import type { CompiledTrainStep } from '../../engine/train/compileTrainStep'
import type { TrainingBytes } from '../../engine/train/memoryEstimate'
import type { ModelDocument } from '../../graph/document/schema'
import type { BackendSelection } from './backendSelection'
import { isOutOfMemory, memoryMisfit } from './memoryCheck'
import type { CompileOptions, RunReason } from './protocol'
import { planRun, type RunPlan, stepFeeds } from './runPlan'
import type { SessionDeps } from './session'

/** A compile that cannot go on, with the reason the status reports. */
export class CompileFailure extends Error {
  constructor(
    message: string,
    readonly reason: RunReason,
  ) {
    super(message)
  }
}

/** A run planned, its backend chosen and its memory checked: everything before the weights. */
export interface PreparedRun {
  readonly plan: RunPlan
  readonly selection: BackendSelection
  readonly needs: TrainingBytes
  /** The run's step at batch size `b`, with the non-finite guard when the backend needs it. */
  stepFor(b: number): CompiledTrainStep
}

/**
 * The first half of `compile`: plans the run (data, binding, split, loader), picks the backend
 * (which may probe the model on both) and checks the model's memory needs against it, by shape
 * arithmetic, before any weight exists. Throws a `CompileFailure` naming the cause and the fix.
 */
export async function prepareRun(
  deps: Pick<SessionDeps, 'loadDataset' | 'selectBackend'>,
  doc: ModelDocument,
  options: CompileOptions,
): Promise<PreparedRun> {
  try {
    const plan = await planRun(doc, options, (name) => deps.loadDataset(name))
    const trialStep = (b: number, o: { readonly guard?: boolean } = {}) => plan.model.trainStep(b, o)
    const selection = await deps.selectBackend(options.backend, {
      stepFor: trialStep,
      settings: { batchSize: plan.loader.batchSize, readbackEvery: plan.readbackEvery },
      initialState: () => trialStep(plan.loader.batchSize).initialState(plan.seed),
      batch: stepFeeds(plan, 0),
    })
    const stepFor = (b: number) => plan.model.trainStep(b, { guard: selection.guard ?? false })
    const { needs, misfit } = memoryMisfit(
      stepFor(plan.loader.batchSize),
      selection.backend,
      selection.limits ?? {},
    )
    if (misfit) throw new CompileFailure(misfit, 'out-of-memory')
    return { plan, selection, needs, stepFor }
  } catch (e) {
    throw asCompileFailure(e)
  }
}

/** Any error of a compile as a `CompileFailure`: an allocation that did not fit is `out-of-memory`. */
export function asCompileFailure(e: unknown): CompileFailure {
  if (e instanceof CompileFailure) return e
  const text = e instanceof Error ? e.message : String(e)
  if (!isOutOfMemory(e)) return new CompileFailure(text, 'error')
  const message = / needs /.test(text)
    ? text
    : `the model does not fit in memory (${text}): lower the batch size or make the model smaller`
  return new CompileFailure(message, 'out-of-memory')
}
