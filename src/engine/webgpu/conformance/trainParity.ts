import { grad } from '../../autodiff/grad'
import { type Feeds, runCpu } from '../../cpu/runCpu'
import { fanInBias, kaimingUniform } from '../../init/init'
import { GraphBuilder } from '../../ir/builder'
import type { Value } from '../../ir/value'
import { makeRandom } from '../../ops/conformance'
import {
  buildParamUpdate,
  type OptimizerConfig,
  optimizerScalars,
  optimizerSlots,
} from '../../optim/optimizer'
import { compileTrainStep, optimizerStateKey, type TrainState } from '../../train/compileTrainStep'
import type { ModelGraph } from '../../train/modelGraph'
import type { WebGpuBackend } from '../backend'

const BATCH = 16
const FEATURES = 4
const HIDDEN = 8
const CLASSES = 3
const STEPS = 5
const OPTIMIZER: OptimizerConfig = { type: 'adam', lr: 0.01 }

/** A 4-8-3 MLP with ReLU and a cross-entropy loss against one-hot targets. */
function mlp(): { model: ModelGraph; loss: Value } {
  const g = new GraphBuilder()
  const x = g.input([BATCH, FEATURES], { name: 'x' })
  const target = g.input([BATCH, CLASSES], { name: 'target' })
  const dense = (h: Value, name: string, fanIn: number, out: number) => {
    const w = g.param(`${name}.weight`, [out, fanIn])
    const b = g.param(`${name}.bias`, [out])
    return { y: g.add(g.matmul(h, g.transpose(w, 0, 1)), b), w, b }
  }
  const l1 = dense(x, 'fc1', FEATURES, HIDDEN)
  const l2 = dense(g.relu(l1.y), 'fc2', HIDDEN, CLASSES)
  const loss = g.neg(g.mean(g.sum(g.mul(target, g.logSoftmax(l2.y, -1)), 1)))
  const slot = (name: string, shape: number[], value: Value, weight: number[]) => ({
    name,
    shape,
    value,
    init: name.endsWith('weight') ? kaimingUniform(shape) : fanInBias(weight),
  })
  const model: ModelGraph = {
    graph: g,
    params: [
      slot('fc1.weight', [HIDDEN, FEATURES], l1.w, [HIDDEN, FEATURES]),
      slot('fc1.bias', [HIDDEN], l1.b, [HIDDEN, FEATURES]),
      slot('fc2.weight', [CLASSES, HIDDEN], l2.w, [CLASSES, HIDDEN]),
      slot('fc2.bias', [CLASSES], l2.b, [CLASSES, HIDDEN]),
    ],
    buffers: [],
    noise: [],
  }
  return { model, loss }
}

/**
 * The graph `compileTrainStep` builds, built again here with the same public pieces (grad, the
 * optimizer's `buildParamUpdate`, the same feed names) so that its outputs, the updated
 * parameters and optimizer state, are known values the WebGPU runner can be asked for.
 */
function stepGraph() {
  const { model, loss } = mlp()
  const g = model.graph
  const slots = optimizerSlots(OPTIMIZER)
  const names = Object.keys(optimizerScalars(OPTIMIZER, 1, OPTIMIZER.lr))
  const scalars = Object.fromEntries(names.map((k) => [k, g.input([], { name: `optim/${k}` })]))
  const grads = grad(
    g,
    loss,
    model.params.map((p) => p.value),
  )
  const updates = model.params.map((p, i) => {
    const state = slots.map((s) => g.input(p.shape, { name: `optim/${optimizerStateKey(p.name, s)}` }))
    return {
      name: p.name,
      ...buildParamUpdate(g, OPTIMIZER, { param: p.value, grad: grads[i]!, state, scalars }),
    }
  })
  return { g, loss, updates, slots }
}

/** Five fixed batches of Gaussian features and one-hot targets. */
function batches(): { x: number[]; target: number[] }[] {
  const rand = makeRandom(42)
  return Array.from({ length: STEPS }, () => ({
    x: Array.from({ length: BATCH * FEATURES }, () => rand() * 4 - 2),
    target: Array.from({ length: BATCH }, () => Math.floor(rand() * CLASSES)).flatMap((c) =>
      Array.from({ length: CLASSES }, (_, k) => (k === c ? 1 : 0)),
    ),
  }))
}

/** What the parity run found: the losses of each side and the largest relative difference. */
export interface TrainParity {
  readonly cpuLosses: number[]
  readonly webGpuLosses: number[]
  /** The losses of the rebuilt step graph on the CPU: equal to compileTrainStep's. */
  readonly rebuiltCpuLosses: number[]
  readonly maxRelativeError: number
  /** Largest |WebGPU - CPU| over the parameters after the last step. */
  readonly maxParamError: number
  readonly plannedBytes: number
  readonly naiveBytes: number
  readonly dispatches: number
}

function feedsFor(state: TrainState, batch: Feeds, step: number): Feeds {
  const feeds: Record<string, Feeds[string]> = { ...batch }
  for (const [k, v] of Object.entries(optimizerScalars(OPTIMIZER, step, OPTIMIZER.lr)))
    feeds[`optim/${k}`] = [v]
  for (const [name, v] of Object.entries(state.params)) feeds[name] = v
  for (const [key, v] of Object.entries(state.optimizer)) feeds[`optim/${key}`] = v
  return feeds
}

/**
 * Trains the MLP for five Adam steps three ways from the same initial state and batches:
 * `compileTrainStep` on the CPU (the reference), and the same step graph compiled once for
 * WebGPU and once run by `runCpu`, each step's state fed from the previous step's outputs.
 */
export async function runTrainParity(backend: WebGpuBackend): Promise<TrainParity> {
  const data = batches()
  const reference = mlp()
  const step = compileTrainStep(reference.model, { loss: reference.loss, optimizer: OPTIMIZER })
  const initial = step.initialState(0)
  const cpuLosses: number[] = []
  let cpuState = initial
  for (const batch of data) {
    const r = step.run(cpuState, batch)
    cpuLosses.push(r.loss)
    cpuState = r.state
  }

  const { g, loss, updates, slots } = stepGraph()
  const outputs = [loss, ...updates.flatMap((u) => [u.param, ...u.state])]
  const compiled = await backend.compile(g, { outputs })
  const sides = {
    gpu: { state: initial, losses: [] as number[] },
    cpu: { state: initial, losses: [] as number[] },
  }
  try {
    for (const [t, batch] of data.entries()) {
      for (const side of ['gpu', 'cpu'] as const) {
        const s = sides[side]
        const feeds = feedsFor(s.state, batch, t + 1)
        const result = side === 'gpu' ? await compiled.run(feeds) : runCpu(g, feeds, { outputs })
        const params: Record<string, Float32Array> = {}
        const optimizer: Record<string, Float32Array> = {}
        for (const u of updates) {
          params[u.name] = Float32Array.from(result.get(u.param).data)
          slots.forEach((slot, k) => {
            optimizer[optimizerStateKey(u.name, slot)] = Float32Array.from(result.get(u.state[k]!).data)
          })
        }
        s.losses.push(result.get(loss).data[0]!)
        s.state = { params, buffers: {}, optimizer, step: t + 1 }
      }
    }
  } finally {
    compiled.destroy()
  }
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12)
  let maxParamError = 0
  for (const [name, v] of Object.entries(cpuState.params)) {
    const got = sides.gpu.state.params[name]!
    v.forEach((e, i) => {
      maxParamError = Math.max(maxParamError, Math.abs(got[i]! - e))
    })
  }
  return {
    cpuLosses,
    webGpuLosses: sides.gpu.losses,
    rebuiltCpuLosses: sides.cpu.losses,
    maxRelativeError: Math.max(...cpuLosses.map((l, i) => rel(sides.gpu.losses[i]!, l))),
    maxParamError,
    plannedBytes: compiled.stats.plannedBytes,
    naiveBytes: compiled.stats.naiveBytes,
    dispatches: compiled.stats.dispatches,
  }
}
