import type { Feeds } from '../../cpu/runCpu'
import { fanInBias, type InitSpec, kaimingUniform, ONES, xavierUniform, ZEROS } from '../../init/init'
import { GraphBuilder } from '../../ir/builder'
import type { Value } from '../../ir/value'
import { Rng } from '../../random/rng'
import { type CompiledTrainStep, compileTrainStep } from '../../train/compileTrainStep'
import type { ModelGraph, ParamSlot } from '../../train/modelGraph'

/**
 * Issue 4's benchmark training steps built on the engine's builder alone, op for op as the
 * document lowering (src/graph/lower) builds them (src/engine may not import src/graph): the
 * profile needs the same graphs the benchmark times. Cross-entropy against class indices with
 * the mean reduction, Adam (lr 1e-3), as `triad train` sets them up.
 */

/** A workload: its step and one seeded batch. */
export interface ProfileWorkload {
  readonly name: string
  readonly step: CompiledTrainStep
  readonly batch: Feeds
}

/** A model under construction: the builder and the parameters declared so far. */
class Model {
  readonly g = new GraphBuilder()
  readonly params: ParamSlot[] = []

  param(name: string, shape: readonly number[], init: InitSpec): Value {
    const value = this.g.param(name, shape)
    this.params.push({ name, shape, init, value })
    return value
  }

  /** nn.Linear: x @ wᵀ + b, PyTorch's init. */
  linear(name: string, x: Value, inFeatures: number, outFeatures: number): Value {
    const shape = [outFeatures, inFeatures]
    const w = this.param(`${name}.weight`, shape, kaimingUniform(shape))
    const b = this.param(`${name}.bias`, [outFeatures], fanInBias(shape))
    return this.g.add(this.g.matmul(x, this.g.transpose(w, 0, 1)), b)
  }

  /** F.cross_entropy(logits [N, C, ...], target [N, ...] int), mean over the valid targets. */
  crossEntropy(logits: Value, target: Value): Value {
    const g = this.g
    const logp = g.logSoftmax(logits, 1)
    const onehot = g.eq(g.iota(logits.shape, 1), g.unsqueeze(target, 1))
    const valid = g.sub(1, g.eq(target, -100))
    const nll = g.mul(g.neg(g.sum(g.mul(logp, onehot), 1)), valid)
    return g.div(g.sum(nll), g.sum(valid))
  }

  compile(loss: Value): CompiledTrainStep {
    const model: ModelGraph = { graph: this.g, params: this.params, buffers: [], noise: [] }
    return compileTrainStep(model, { loss, optimizer: { type: 'adam', lr: 1e-3 }, guard: true })
  }
}

function uniform(length: number, seed: number): Float32Array {
  return Rng.stream(seed, 'profile batch')
    .uniformArray(length)
    .map((u) => 2 * u - 1)
}

function labels(length: number, classes: number, seed: number): Int32Array {
  const u = Rng.stream(seed, 'profile labels').uniformArray(length)
  return Int32Array.from(u, (v) => Math.min(classes - 1, Math.floor(v * classes)))
}

/** MLP 784-256-10 (ReLU), batch `batch`. */
export function mlpWorkload(batch = 128): ProfileWorkload {
  const m = new Model()
  const x = m.g.input([batch, 784], { name: 'x' })
  const target = m.g.input([batch], { name: 'target', dtype: 'i32' })
  const h = m.g.relu(m.linear('hidden', x, 784, 256))
  const loss = m.crossEntropy(m.linear('logits', h, 256, 10), target)
  return {
    name: `mlp 784-256-10 batch ${batch}`,
    step: m.compile(loss),
    batch: { x: uniform(batch * 784, 1), target: labels(batch, 10, 2) },
  }
}

/** conv3x3 1->16, ReLU, conv3x3 16->32, ReLU, maxpool 2, dense 6272->10 on 28x28. */
export function cnnWorkload(batch = 64): ProfileWorkload {
  const m = new Model()
  const g = m.g
  const x = g.input([batch, 1, 28, 28], { name: 'x' })
  const target = g.input([batch], { name: 'target', dtype: 'i32' })
  const conv = (name: string, h: Value, cin: number, cout: number) => {
    const shape = [cout, cin, 3, 3]
    const w = m.param(`${name}.weight`, shape, kaimingUniform(shape))
    const b = m.param(`${name}.bias`, [cout], fanInBias(shape))
    return g.add(g.conv2d(h, w, { padding: [1, 1] }), g.reshape(b, [cout, 1, 1]))
  }
  const h1 = g.relu(conv('conv1', x, 1, 16))
  const h2 = g.relu(conv('conv2', h1, 16, 32))
  const pooled = g.maxPool2d(h2, { kernel_size: [2, 2] })
  const flat = g.reshape(pooled, [batch, 32 * 14 * 14])
  const loss = m.crossEntropy(m.linear('logits', flat, 32 * 14 * 14, 10), target)
  return {
    name: `cnn 28x28 batch ${batch}`,
    step: m.compile(loss),
    batch: { x: uniform(batch * 28 * 28, 3), target: labels(batch, 10, 4) },
  }
}

/** The transformer workload's sizes: a character-level LM over 65 symbols. */
export const TRANSFORMER_SIZES = { vocab: 65, width: 64, heads: 4, ff: 256, layers: 2, seq: 64 } as const

/**
 * A 2-layer post-norm transformer encoder LM: Embedding(65, 64), 2 × (self-attention with 4
 * heads, residual, LayerNorm, GELU feed-forward 64-256-64, residual, LayerNorm), a 65-way head,
 * cross-entropy over the class axis of [N, 65, 64] against the next tokens.
 */
export function transformerWorkload(batch = 16): ProfileWorkload {
  const { vocab, width: e, heads, ff, layers, seq } = TRANSFORMER_SIZES
  const m = new Model()
  const g = m.g
  const tokens = g.input([batch, seq], { name: 'x', dtype: 'i32' })
  const target = g.input([batch, seq], { name: 'target', dtype: 'i32' })
  const table = m.param('embed.weight', [vocab, e], { kind: 'normal', mean: 0, std: 1 })
  let x = g.gather(table, tokens)
  const split = (v: Value) => g.permute(g.reshape(v, [batch, seq, heads, e / heads]), [0, 2, 1, 3])
  const layerNorm = (name: string, v: Value) => {
    const mean = g.mean(v, [2], true)
    const centered = g.sub(v, mean)
    const variance = g.mean(g.mul(centered, centered), [2], true)
    const y = g.mul(g.sub(v, mean), g.rsqrt(g.add(variance, 1e-5)))
    return g.add(g.mul(y, m.param(`${name}.weight`, [e], ONES)), m.param(`${name}.bias`, [e], ZEROS))
  }
  for (let l = 0; l < layers; l++) {
    const w = m.param(`attn${l}.in_proj_weight`, [3 * e, e], xavierUniform([3 * e, e]))
    const bias = m.param(`attn${l}.in_proj_bias`, [3 * e], ZEROS)
    const proj = (i: number) =>
      g.add(g.matmul(x, g.transpose(g.narrow(w, 0, i * e, e), 0, 1)), g.narrow(bias, 0, i * e, e))
    const q = g.div(split(proj(0)), Math.sqrt(e / heads))
    const k = split(proj(1))
    const v = split(proj(2))
    const weights = g.softmax(g.matmul(q, g.transpose(k, -1, -2)), -1)
    const merged = g.reshape(g.permute(g.matmul(weights, v), [0, 2, 1, 3]), [batch, seq, e])
    const wo = m.param(`attn${l}.out_proj.weight`, [e, e], kaimingUniform([e, e]))
    const bo = m.param(`attn${l}.out_proj.bias`, [e], ZEROS)
    const attn = g.add(g.matmul(merged, g.transpose(wo, 0, 1)), bo)
    const a = layerNorm(`norm${l}a`, g.add(x, attn))
    const up = m.linear(`up${l}`, a, e, ff)
    const gelu = g.mul(g.mul(up, 0.5), g.add(g.erf(g.mul(up, Math.SQRT1_2)), 1))
    x = layerNorm(`norm${l}b`, g.add(a, m.linear(`down${l}`, gelu, ff, e)))
  }
  const logits = g.permute(m.linear('head', x, e, vocab), [0, 2, 1])
  const loss = m.crossEntropy(logits, target)
  const ids = labels(batch * seq, vocab, 5)
  return {
    name: `transformer 2x64 seq ${seq} batch ${batch}`,
    step: m.compile(loss),
    batch: { x: ids, target: labels(batch * seq, vocab, 6) },
  }
}

/** The three workloads of issue 4's training benchmark, by name. */
export const PROFILE_WORKLOADS = {
  mlp: () => mlpWorkload(),
  cnn: () => cnnWorkload(),
  transformer: () => transformerWorkload(),
} as const
