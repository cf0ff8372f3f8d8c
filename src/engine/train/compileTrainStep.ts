import { grad } from '../autodiff/grad'
import { type CpuPrecision, type Feeds, runCpu } from '../cpu/runCpu'
import { initTensors } from '../init/init'
import { numel } from '../ir/shape'
import type { Graph, Value } from '../ir/value'
import type { CpuBuffer } from '../ops/opDef'
import { clipGradNorm } from '../optim/clipGradNorm'
import {
  buildParamUpdate,
  checkOptimizerConfig,
  type OptimizerConfig,
  optimizerScalars,
  optimizerSlots,
} from '../optim/optimizer'
import { Rng } from '../random/rng'
import type { ModelGraph, NoiseSlot, ParamSlot, StateTensor, TensorMap } from './modelGraph'

/** Everything a training run carries from one step to the next. */
export interface TrainState {
  readonly params: TensorMap
  readonly buffers: TensorMap
  /** Optimizer state by `optimizerStateKey(param, slot)`. */
  readonly optimizer: TensorMap
  /** Optimizer steps taken (PyTorch's `state['step']`). */
  readonly step: number
}

/** Options of `compileTrainStep`. */
export interface TrainStepOptions {
  /** The scalar to minimize, a value of the model's graph. */
  readonly loss: Value
  readonly optimizer: OptimizerConfig
  /** clip_grad_norm_'s max_norm, applied to all gradients together before the update. */
  readonly clipGradNorm?: number
  /**
   * Adds the non-finite guard: a 1-element flag input `guard/ok` and output
   * `ok_next = ok * (|loss| < inf)`, and every state output becomes `where(ok_next, updated, old)`.
   * An executor that keeps the flag on the GPU thus turns the step with a NaN/Inf loss, and every
   * step after it, into no-ops without reading anything back. `run` feeds ok = 1.
   */
  readonly guard?: boolean
}

/** Name of the guard flag's input (see `TrainStepOptions.guard`). */
export const GUARD_FEED = 'guard/ok'

/**
 * One tensor of the training state as the step graph sees it: read from the feed `feed` (the
 * `input` value `input`), written as `output`. What an executor that keeps the state itself
 * (in GPU buffers) binds and writes back.
 */
export interface StateSlot {
  readonly kind: 'param' | 'buffer' | 'optimizer'
  /** Key in `TrainState.params` / `.buffers` / `.optimizer`. */
  readonly key: string
  readonly feed: string
  readonly input: Value
  /** The value after the step; `input` itself for a buffer the forward pass leaves as it was. */
  readonly output: Value
}

/** Per-step settings of `CompiledTrainStep.run`. */
export interface RunStepOptions {
  /** Learning rate of this step; default the optimizer's `lr`. */
  readonly lr?: number
  /** Seed of the noise streams (dropout masks); default 0. */
  readonly seed?: number
  readonly precision?: CpuPrecision
}

/** What one step returns: the new state and the loss (before the update, as PyTorch reports it). */
export interface StepResult {
  readonly state: TrainState
  readonly loss: number
  /** Total gradient norm before clipping, when clipping is on. */
  readonly gradNorm?: number
}

/** A training step compiled once: forward, loss, backward and update in one graph. */
export interface CompiledTrainStep {
  readonly graph: Graph
  readonly loss: Value
  readonly params: readonly ParamSlot[]
  readonly optimizer: OptimizerConfig
  /** The `input` values fed per batch (the data), by feed name. */
  readonly batchInputs: readonly Value[]
  /** Fresh state: parameters and buffers as their `InitSpec`s say (seeded), zero optimizer state. */
  initialState(seed: number): TrainState
  /** Runs one step on the CPU reference: returns the next state, never modifying `state`. */
  run(state: TrainState, batch: Feeds, options?: RunStepOptions): StepResult
  /**
   * The values one step reads back (loss, updated parameters and optimizer state, buffers, the
   * gradient norm when clipping): what another executor (the WebGPU backend) compiles `graph` for.
   */
  readonly outputs: readonly Value[]
  /**
   * Every feed of one step from `state` and `batch` (parameters, buffers, optimizer state and
   * scalars, noise): what `run` passes to `runCpu`, for an executor that runs `graph` itself.
   */
  stepFeeds(state: TrainState, batch: Feeds, options?: RunStepOptions): Feeds
  /**
   * The step's result from the `outputs` another executor computed for `stepFeeds(state, …)`,
   * `read` giving each output's data: the same assembly `run` does after `runCpu`.
   */
  stepResult(state: TrainState, read: (v: Value) => ArrayLike<number>): StepResult
  /** Every state tensor's feed and output (parameters, then optimizer state, then buffers). */
  readonly stateSlots: readonly StateSlot[]
  /** The gradient norm output, when the step clips. */
  readonly gradNorm?: Value
  /** The guard flag's input and output, when compiled with `guard` (the output is in `outputs`). */
  readonly guard?: { readonly input: Value; readonly output: Value }
  /**
   * The feeds of the step taken after `step` steps that are not state: `batch`, the optimizer's
   * per-step scalars and the noise. `stepFeeds` is these plus the state tensors.
   */
  stepInputs(step: number, batch: Feeds, options?: RunStepOptions): Feeds
}

/** The key of a parameter's optimizer state tensor, e.g. `dense1.weight/exp_avg`. */
export function optimizerStateKey(param: string, slot: string): string {
  return `${param}/${slot}`
}

/** Feed name under which the graph reads an optimizer state tensor. */
function stateFeed(param: string, slot: string): string {
  return `optim/${optimizerStateKey(param, slot)}`
}

/**
 * Appends backward and the optimizer update to the model's graph, once, and returns a step that
 * runs it per batch. The state (parameters, optimizer state, buffers) flows in as inputs and out
 * as values; the data, the noise and the step's optimizer scalars (from the learning rate and the
 * step count the state carries) are fed per step. The
 * model's graph is consumed: compile the inference graph from a separate lowering.
 *
 * @example
 * const step = compileTrainStep(model, { loss, optimizer: { type: 'sgd', lr: 0.1 } })
 * let state = step.initialState(0)
 * ;({ state } = step.run(state, { x, target }))
 */
export function compileTrainStep(model: ModelGraph, options: TrainStepOptions): CompiledTrainStep {
  const g = model.graph
  const { loss, optimizer } = options
  checkOptimizerConfig(optimizer)
  if (numel(loss.shape) !== 1)
    throw new Error(`the loss must be a single number, not [${loss.shape.join(', ')}].`)
  const slots = optimizerSlots(optimizer)
  // per-step scalars (lr, bias corrections) are host-computed in f64 and fed, as PyTorch does
  const scalarNames = Object.keys(optimizerScalars(optimizer, 1, optimizer.lr))
  const scalars = Object.fromEntries(scalarNames.map((k) => [k, g.input([], { name: `optim/${k}` })]))
  let grads = grad(
    g,
    loss,
    model.params.map((p) => p.value),
  )
  let gradNorm: Value | undefined
  if (options.clipGradNorm !== undefined) {
    const clipped = clipGradNorm(g, grads, options.clipGradNorm)
    grads = clipped.grads
    gradNorm = clipped.totalNorm
  }
  const stateIn = new Map<string, Value>()
  const updates = model.params.map((p, i) => {
    const state = slots.map((s) => {
      const v = g.input(p.shape, { name: stateFeed(p.name, s) })
      stateIn.set(optimizerStateKey(p.name, s), v)
      return v
    })
    const base = p.afterForward ? g.detach(p.afterForward) : p.value
    return buildParamUpdate(g, optimizer, { param: base, grad: grads[i]!, state, scalars })
  })
  let bufferOut = model.buffers.map((b) => (b.next ? g.detach(b.next) : b.value))
  let guard: { input: Value; output: Value } | undefined
  if (options.guard) {
    const ok = g.input([1], { name: GUARD_FEED })
    const finite = g.reshape(g.lt(g.abs(g.detach(loss)), Number.POSITIVE_INFINITY), [1])
    const okNext = g.mul(ok, finite)
    const keep = g.reshape(okNext, [])
    const guarded = (next: Value, old: Value) => (next === old ? old : g.where(keep, next, old))
    model.params.forEach((p, i) => {
      const u = updates[i]!
      updates[i] = {
        ...u,
        param: guarded(u.param, p.value),
        state: u.state.map((v, k) => guarded(v, stateIn.get(optimizerStateKey(p.name, slots[k]!))!)),
      }
    })
    bufferOut = bufferOut.map((v, i) => guarded(v, model.buffers[i]!.value))
    guard = { input: ok, output: okNext }
  }
  const outputs: Value[] = [
    loss,
    ...updates.flatMap((u) => [u.param, ...u.state]),
    ...bufferOut,
    ...(gradNorm ? [gradNorm] : []),
    ...(guard ? [guard.output] : []),
  ]
  const stateSlots: StateSlot[] = [
    ...model.params.map((p, i) => ({
      kind: 'param' as const,
      key: p.name,
      feed: p.name,
      input: p.value,
      output: updates[i]!.param,
    })),
    ...model.params.flatMap((p, i) =>
      slots.map((s, k) => {
        const key = optimizerStateKey(p.name, s)
        return {
          kind: 'optimizer' as const,
          key,
          feed: stateFeed(p.name, s),
          input: stateIn.get(key)!,
          output: updates[i]!.state[k]!,
        }
      }),
    ),
    ...model.buffers.map((b, i) => ({
      kind: 'buffer' as const,
      key: b.name,
      feed: b.name,
      input: b.value,
      output: bufferOut[i]!,
    })),
  ]
  const stateNames = new Set([
    ...(guard ? [GUARD_FEED] : []),
    ...scalarNames.map((k) => `optim/${k}`),
    ...[...stateIn.keys()].map((k) => `optim/${k}`),
    ...model.buffers.map((b) => b.name),
    ...model.noise.map((n) => n.name),
  ])
  const batchInputs = g.nodes.filter((v) => v.op === 'input' && !stateNames.has(v.name ?? ''))

  return {
    graph: g,
    loss,
    params: model.params,
    optimizer,
    batchInputs,
    initialState(seed) {
      const optim: TensorMap = {}
      for (const p of model.params)
        for (const s of slots) optim[optimizerStateKey(p.name, s)] = new Float32Array(numel(p.shape))
      return {
        params: initTensors(model.params, seed),
        buffers: initTensors(model.buffers, seed),
        optimizer: optim,
        step: 0,
      }
    },
    outputs,
    stepFeeds,
    stepResult,
    stateSlots,
    ...(gradNorm ? { gradNorm } : {}),
    ...(guard ? { guard } : {}),
    stepInputs,
    run(state, batch, o = {}) {
      const precision = o.precision ?? 'f32'
      const result = runCpu(g, stepFeeds(state, batch, o), { outputs, precision })
      return stepResult(state, (v) => result.get(v).data)
    },
  }

  function stepInputs(step: number, batch: Feeds, o: RunStepOptions = {}): Feeds {
    const feeds: Record<string, CpuBuffer | readonly number[]> = { ...batch }
    for (const [k, v] of Object.entries(optimizerScalars(optimizer, step + 1, o.lr ?? optimizer.lr)))
      feeds[`optim/${k}`] = [v]
    Object.assign(feeds, drawNoise(model.noise, o.seed ?? 0, step))
    return feeds
  }

  function stepFeeds(state: TrainState, batch: Feeds, o: RunStepOptions = {}): Feeds {
    const feeds: Record<string, CpuBuffer | readonly number[]> = { ...stepInputs(state.step, batch, o) }
    for (const p of model.params) feeds[p.name] = required(state.params, p.name, 'parameter')
    for (const b of model.buffers) feeds[b.name] = required(state.buffers, b.name, 'buffer')
    for (const [key] of stateIn) feeds[`optim/${key}`] = required(state.optimizer, key, 'optimizer state')
    if (guard) feeds[GUARD_FEED] = [1]
    return feeds
  }

  function stepResult(state: TrainState, read: (v: Value) => ArrayLike<number>): StepResult {
    const t = state.step + 1
    const data = (v: Value): StateTensor => {
      const d = read(v)
      return d instanceof Float32Array || d instanceof Float64Array ? d : Float32Array.from(d)
    }
    const params: TensorMap = {}
    const optim: TensorMap = {}
    model.params.forEach((p, i) => {
      const u = updates[i]!
      params[p.name] = data(u.param)
      slots.forEach((s, k) => {
        optim[optimizerStateKey(p.name, s)] = data(u.state[k]!)
      })
    })
    const buffers: TensorMap = {}
    model.buffers.forEach((b, i) => {
      buffers[b.name] = data(bufferOut[i]!)
    })
    return {
      state: { params, buffers, optimizer: optim, step: t },
      loss: data(loss)[0]!,
      ...(gradNorm ? { gradNorm: data(gradNorm)[0]! } : {}),
    }
  }
}

function required(map: TensorMap, name: string, what: string): StateTensor {
  const t = map[name]
  if (!t) throw new Error(`the training state has no ${what} '${name}'.`)
  return t
}

/**
 * Noise for step `step` (0-based count of steps already taken): one stream per slot and step,
 * so masks never repeat across steps and do not depend on the order slots are listed in.
 */
export function drawNoise(
  noise: readonly NoiseSlot[],
  seed: number,
  step: number,
): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {}
  for (const n of noise)
    out[n.name] = Rng.stream(seed, `${n.name}@${step}`).uniformArray(numel(n.value.shape))
  return out
}
