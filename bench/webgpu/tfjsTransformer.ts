/**
 * The benchmark's transformer on @tensorflow/tfjs, written with tf ops (tf.layers has no
 * multi-head attention): the same 2-layer post-norm encoder LM as Triad's document, PyTorch
 * nn.MultiheadAttention's packed in-projection, exact (erf) GELU, LayerNorm eps 1e-5, no mask.
 * The embedding is a one-hot matmul: tfjs-wasm has no UnsortedSegmentSum, gather's gradient.
 */
import * as tf from '@tensorflow/tfjs'
import { randomArray, TRANSFORMER } from '../triadWorkloads'

/** Trainable variables by name, uniform in ±1/sqrt(fan-in) (PyTorch's Linear default range). */
function variables(): Map<string, tf.Variable> {
  const { vocab, width: d, ff, layers } = TRANSFORMER
  const vars = new Map<string, tf.Variable>()
  let seed = 100
  const add = (name: string, shape: number[], fanIn: number, fill?: number) => {
    const n = shape.reduce((a, b) => a * b, 1)
    const data =
      fill === undefined
        ? randomArray(n, seed++).map((v) => v / Math.sqrt(fanIn))
        : new Float32Array(n).fill(fill)
    vars.set(name, tf.variable(tf.tensor(data, shape), true, name))
  }
  add('embed', [vocab, d], 1)
  for (let l = 0; l < layers; l++) {
    add(`l${l}.wqkv`, [d, 3 * d], d)
    add(`l${l}.bqkv`, [3 * d], 1, 0)
    add(`l${l}.wo`, [d, d], d)
    add(`l${l}.bo`, [d], 1, 0)
    add(`l${l}.g1`, [d], 1, 1)
    add(`l${l}.b1`, [d], 1, 0)
    add(`l${l}.w1`, [d, ff], d)
    add(`l${l}.c1`, [ff], d)
    add(`l${l}.w2`, [ff, d], ff)
    add(`l${l}.c2`, [d], ff)
    add(`l${l}.g2`, [d], 1, 1)
    add(`l${l}.b2`, [d], 1, 0)
  }
  add('head', [d, vocab], d)
  add('headBias', [vocab], d)
  return vars
}

function layerNorm(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  const mean = x.mean(-1, true)
  const centered = x.sub(mean)
  const variance = centered.square().mean(-1, true)
  return centered.mul(variance.add(1e-5).rsqrt()).mul(g).add(b) as tf.Tensor2D
}

function gelu(x: tf.Tensor): tf.Tensor {
  return x.mul(0.5).mul(tf.erf(x.mul(Math.SQRT1_2)).add(1))
}

/** The model's loss on a batch: one-hot tokens [B*T, vocab], one-hot targets [B*T, vocab]. */
function lossOf(
  v: Map<string, tf.Variable>,
  tokens: tf.Tensor2D,
  targets: tf.Tensor2D,
  batch: number,
): tf.Scalar {
  const { width: d, heads: h, layers, seq: t } = TRANSFORMER
  const dh = d / h
  const p = (name: string) => v.get(name)!
  let x = tokens.matMul(p('embed') as tf.Tensor2D)
  const split = (m: tf.Tensor2D) => m.reshape([batch, t, h, dh]).transpose([0, 2, 1, 3]) as tf.Tensor4D
  for (let l = 0; l < layers; l++) {
    const qkv = x.matMul(p(`l${l}.wqkv`) as tf.Tensor2D).add(p(`l${l}.bqkv`)) as tf.Tensor2D
    const [q, k, val] = tf.split(qkv, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D]
    const scores = tf.matMul(split(q), split(k), false, true).mul(1 / Math.sqrt(dh))
    const heads = tf.matMul(tf.softmax(scores), split(val))
    const merged = heads.transpose([0, 2, 1, 3]).reshape([batch * t, d]) as tf.Tensor2D
    const attn = merged.matMul(p(`l${l}.wo`) as tf.Tensor2D).add(p(`l${l}.bo`)) as tf.Tensor2D
    x = layerNorm(x.add(attn), p(`l${l}.g1`), p(`l${l}.b1`))
    const up = gelu(x.matMul(p(`l${l}.w1`) as tf.Tensor2D).add(p(`l${l}.c1`))) as tf.Tensor2D
    const down = up.matMul(p(`l${l}.w2`) as tf.Tensor2D).add(p(`l${l}.c2`)) as tf.Tensor2D
    x = layerNorm(x.add(down), p(`l${l}.g2`), p(`l${l}.b2`))
  }
  const logits = x.matMul(p('head') as tf.Tensor2D).add(p('headBias'))
  return tf.losses.softmaxCrossEntropy(targets, logits) as tf.Scalar
}

/** A transformer training step on the current tfjs backend; returns the loss tensor (not read). */
export function tfjsTransformerTrainer(
  tokens: Int32Array,
  targets: Int32Array,
  batch: number,
): { step(): tf.Scalar; dispose(): void } {
  const vars = variables()
  const optimizer: tf.Optimizer = tf.train.adam(0.001)
  const oneHot = (ids: Int32Array) =>
    tf.tidy(() => tf.oneHot(tf.tensor1d(ids, 'int32'), TRANSFORMER.vocab).toFloat() as tf.Tensor2D)
  const x = oneHot(tokens)
  const y = oneHot(targets)
  const list = [...vars.values()]
  return {
    step: () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => lossOf(vars, x, y, batch), list)
        optimizer.applyGradients(grads)
        return value
      }),
    dispose() {
      tf.dispose([x, y, ...list])
      optimizer.dispose()
    },
  }
}
