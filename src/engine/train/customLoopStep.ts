import { grad } from '../autodiff/grad'
import { type CpuPrecision, type Feeds, runCpu } from '../cpu/runCpu'
import { numel } from '../ir/shape'
import type { Graph, Value } from '../ir/value'
import type { CpuBuffer, CpuTensor } from '../ops/opDef'
import { clipGradNorm } from '../optim/clipGradNorm'
import {
  buildParamUpdate,
  checkOptimizerConfig,
  type OptimizerConfig,
  optimizerScalars,
  optimizerSlots,
} from '../optim/optimizer'
import { Rng } from '../random/rng'
import { optimizerStateKey } from './compileTrainStep'
import type { LoopState } from './customLoopState'
import type { ModelGraph, ParamSlot, StateTensor, TensorMap } from './modelGraph'

/**
 * What one step of a custom loop computes: a model graph (the forward of whatever modules the
 * step calls), the scalar it minimizes, and which of the graph's parameters it trains. The
 * others are read from the loop's state and left as they are: the discriminator's weights in the
 * generator's step, which the gradient flows through but never updates.
 */
export interface LoopStepDefinition {
  /** Names the step in errors, metrics and noise streams; unique within a loop. */
  readonly name: string
  readonly model: ModelGraph
  /** The scalar to minimize, a value of `model.graph`. */
  readonly loss: Value
  /** State_dict names of the parameters this step updates (a non-empty subset of the model's). */
  readonly train: readonly string[]
  readonly optimizer: OptimizerConfig
  /**
   * Whose moments and step count the update reads and writes (default: the step's name). Two
   * steps naming one optimizer share them, like two graphs (say, batch sizes 64 and 37) stepping
   * one torch.optim object; they must then train the same parameters with the same settings.
   */
  readonly optimizerName?: string
  /** clip_grad_norm_'s max_norm over this step's gradients. */
  readonly clipGradNorm?: number
  /** Values to read back with the loss (D(x), the fakes): computed before the update. */
  readonly outputs?: Readonly<Record<string, Value>>
}

/** Per-call settings of `CompiledLoopStep.run`. */
export interface LoopStepRunOptions {
  /** Learning rate of this step; default the optimizer's `lr`. */
  readonly lr?: number
  /** Seed of the noise streams (dropout masks); default 0. */
  readonly seed?: number
  readonly precision?: CpuPrecision
}

/** What one call returns: the next loop state, the loss and the asked-for outputs. */
export interface LoopStepResult {
  readonly state: LoopState
  /** The loss before the update, as PyTorch's `loss.item()` reports it. */
  readonly loss: number
  readonly outputs: Readonly<Record<string, CpuTensor>>
  /** Total gradient norm before clipping, when clipping is on. */
  readonly gradNorm?: number
}

/** A custom-loop step compiled once: forward, loss, backward and update of its parameters, one graph. */
export interface CompiledLoopStep {
  readonly name: string
  readonly graph: Graph
  readonly loss: Value
  readonly optimizer: OptimizerConfig
  readonly optimizerName: string
  /** The parameters the step updates. */
  readonly trained: readonly ParamSlot[]
  /** The parameters it reads and leaves as they are. */
  readonly frozen: readonly ParamSlot[]
  /** The `input` values fed per call (the data), by feed name. */
  readonly batchInputs: readonly Value[]
  /** Runs one step on the CPU reference: returns the next state, never modifying `state`. */
  run(state: LoopState, batch: Feeds, options?: LoopStepRunOptions): LoopStepResult
}

/**
 * Appends backward (with respect to the trained parameters only) and their optimizer update to
 * the step's graph, once, and returns a step that maps a loop state and a batch to the next
 * state. Frozen parameters are plain inputs of the graph: gradients flow through them, nothing
 * updates them. Buffers a training-mode forward changes (BatchNorm's running statistics) are
 * written back whichever step ran the forward, as in PyTorch. The model's graph is consumed.
 *
 * @example
 * const step = compileLoopStep({ name: 'D', model, loss, train: ['D.fc1.weight', ...], optimizer })
 * const { state: next, loss: lossD } = step.run(state, { real, z })
 */
export function compileLoopStep(def: LoopStepDefinition): CompiledLoopStep {
  const { model, loss, optimizer, name } = def
  const g = model.graph
  checkOptimizerConfig(optimizer)
  if (numel(loss.shape) !== 1)
    throw new Error(`step ${name}: the loss must be a single number, not [${loss.shape.join(', ')}].`)
  const { trained, frozen } = splitParams(name, model.params, def.train)
  const slots = optimizerSlots(optimizer)
  const scalarNames = Object.keys(optimizerScalars(optimizer, 1, optimizer.lr))
  const scalars = Object.fromEntries(scalarNames.map((k) => [k, g.input([], { name: `optim/${k}` })]))
  let grads = grad(
    g,
    loss,
    trained.map((p) => p.value),
  )
  let gradNorm: Value | undefined
  if (def.clipGradNorm !== undefined) {
    const clipped = clipGradNorm(g, grads, def.clipGradNorm)
    grads = clipped.grads
    gradNorm = clipped.totalNorm
  }
  const stateFeeds: string[] = []
  const updates = trained.map((p, i) => {
    const state = slots.map((s) => {
      const key = optimizerStateKey(p.name, s)
      stateFeeds.push(key)
      return g.input(p.shape, { name: `optim/${key}` })
    })
    const base = p.afterForward ? g.detach(p.afterForward) : p.value
    return buildParamUpdate(g, optimizer, { param: base, grad: grads[i]!, state, scalars })
  })
  // a frozen parameter the forward renormalizes in place (Embedding's max_norm) keeps that change
  const renormed = frozen
    .filter((p) => p.afterForward)
    .map((p) => [p.name, g.detach(p.afterForward!)] as const)
  const bufferOut = model.buffers.map((b) => (b.next ? g.detach(b.next) : b.value))
  const extra = Object.entries(def.outputs ?? {})
  const outputs: Value[] = [
    loss,
    ...updates.flatMap((u) => [u.param, ...u.state]),
    ...renormed.map(([, v]) => v),
    ...bufferOut,
    ...extra.map(([, v]) => v),
    ...(gradNorm ? [gradNorm] : []),
  ]
  const internal = new Set([
    ...scalarNames.map((k) => `optim/${k}`),
    ...stateFeeds.map((k) => `optim/${k}`),
    ...model.buffers.map((b) => b.name),
    ...model.noise.map((n) => n.name),
  ])
  const batchInputs = g.nodes.filter((v) => v.op === 'input' && !internal.has(v.name ?? ''))
  const batchNames = new Set(batchInputs.map((v) => v.name ?? ''))
  const optimizerName = def.optimizerName ?? name

  return {
    name,
    graph: g,
    loss,
    optimizer,
    optimizerName,
    trained,
    frozen,
    batchInputs,
    run(state, batch, o = {}) {
      checkBatch(name, batch, batchNames)
      const record = state.optimizers[optimizerName] ?? { step: 0, state: {} }
      const t = record.step + 1
      const feeds: Record<string, CpuBuffer | readonly number[]> = { ...batch }
      for (const [k, v] of Object.entries(optimizerScalars(optimizer, t, o.lr ?? optimizer.lr)))
        feeds[`optim/${k}`] = [v]
      for (const p of model.params) feeds[p.name] = required(state.params, p.name, 'parameter', name)
      for (const b of model.buffers) feeds[b.name] = required(state.buffers, b.name, 'buffer', name)
      for (const p of trained)
        for (const s of slots) {
          const key = optimizerStateKey(p.name, s)
          feeds[`optim/${key}`] = record.state[key] ?? new Float32Array(numel(p.shape))
        }
      // one stream per step name, noise slot and optimizer step: two steps never share masks
      for (const n of model.noise)
        feeds[n.name] = Rng.stream(o.seed ?? 0, `${name}/${n.name}@${record.step}`).uniformArray(
          numel(n.value.shape),
        )
      const result = runCpu(g, feeds, { outputs, precision: o.precision ?? 'f32' })
      const data = (v: Value) => result.get(v).data as StateTensor
      const params: TensorMap = { ...state.params }
      const optim: TensorMap = { ...record.state }
      trained.forEach((p, i) => {
        const u = updates[i]!
        params[p.name] = data(u.param)
        slots.forEach((s, k) => {
          optim[optimizerStateKey(p.name, s)] = data(u.state[k]!)
        })
      })
      for (const [pname, v] of renormed) params[pname] = data(v)
      const buffers: TensorMap = { ...state.buffers }
      model.buffers.forEach((b, i) => {
        buffers[b.name] = data(bufferOut[i]!)
      })
      const out: Record<string, CpuTensor> = {}
      for (const [k, v] of extra) out[k] = result.get(v)
      return {
        state: {
          params,
          buffers,
          optimizers: { ...state.optimizers, [optimizerName]: { step: t, state: optim } },
        },
        loss: data(loss)[0]!,
        outputs: out,
        ...(gradNorm ? { gradNorm: data(gradNorm)[0]! } : {}),
      }
    },
  }
}

/** The model's parameters split into those `train` names (in model order) and the rest. */
function splitParams(
  step: string,
  params: readonly ParamSlot[],
  train: readonly string[],
): { trained: ParamSlot[]; frozen: ParamSlot[] } {
  if (train.length === 0) throw new Error(`step ${step} trains no parameters.`)
  const known = new Set(params.map((p) => p.name))
  const unknown = train.filter((n) => !known.has(n))
  if (unknown.length > 0)
    throw new Error(
      `step ${step} trains ${unknown.map((n) => `'${n}'`).join(', ')}, which its graph does not use ` +
        `(its parameters: ${[...known].join(', ') || 'none'}).`,
    )
  const wanted = new Set(train)
  return {
    trained: params.filter((p) => wanted.has(p.name)),
    frozen: params.filter((p) => !wanted.has(p.name)),
  }
}

/** Every batch input fed, and nothing else: a misspelt feed is an error, not silently ignored. */
function checkBatch(step: string, batch: Feeds, names: ReadonlySet<string>): void {
  const missing = [...names].filter((n) => !(n in batch))
  const extra = Object.keys(batch).filter((n) => !names.has(n))
  if (missing.length === 0 && extra.length === 0) return
  const parts = [
    ...(missing.length > 0 ? [`needs ${missing.join(', ')}`] : []),
    ...(extra.length > 0 ? [`has no input ${extra.join(', ')}`] : []),
  ]
  throw new Error(`step ${step} ${parts.join(' and ')} (its inputs: ${[...names].join(', ')}).`)
}

function required(map: TensorMap, key: string, what: string, step: string): StateTensor {
  const t = map[key]
  if (!t) throw new Error(`step ${step}: the loop's state has no ${what} '${key}'.`)
  return t
}
