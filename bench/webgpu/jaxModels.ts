/**
 * The benchmark's models on @jax-js/jax, as pure loss functions of a parameter tree (JAX style),
 * following jax-js' ownership rules: every argument is consumed once; `.ref` where a value is
 * read twice. The embedding is a one-hot matmul, as on tfjs.
 */
import { type Array as JaxArray, lax, nn, numpy as np } from '@jax-js/jax'
import { randomArray, TRANSFORMER } from '../triadWorkloads'
import { BATCH } from './workloads'

/** A parameter tree: named arrays, or lists of them (the transformer's layers). */
export type JaxParams = { [name: string]: JaxArray | JaxParams[] }

/** Uniform in ±1/sqrt(fan-in) (PyTorch's Linear default range), or a constant `fill`. */
function param(shape: number[], fanIn: number, seed: number, fill?: number): JaxArray {
  const n = shape.reduce((a, b) => a * b, 1)
  const data =
    fill === undefined
      ? randomArray(n, seed).map((v) => v / Math.sqrt(fanIn))
      : new Float32Array(n).fill(fill)
  return np.array(Float32Array.from(data)).reshape(shape)
}

/** Mean cross-entropy of logits [N, C] against one-hot targets [N, C]. */
function crossEntropy(logits: JaxArray, oneHot: JaxArray): JaxArray {
  const n = logits.shape[0]!
  return nn
    .logSoftmax(logits, -1)
    .mul(oneHot)
    .sum()
    .mul(-1 / n)
}

/** MLP 784-256-10: parameters and loss. */
export const jaxMlp = {
  init: (): JaxParams => ({
    w1: param([784, 256], 784, 11),
    b1: param([256], 784, 12),
    w2: param([256, 10], 256, 13),
    b2: param([10], 256, 14),
  }),
  loss(p: JaxParams, x: JaxArray, y: JaxArray): JaxArray {
    const at = (k: string) => p[k] as JaxArray
    const h = nn.relu(np.matmul(x, at('w1')).add(at('b1')))
    return crossEntropy(np.matmul(h, at('w2')).add(at('b2')), y)
  },
}

/** CNN on NCHW 28x28: conv3x3 1->16, ReLU, conv3x3 16->32, ReLU, maxpool 2, dense 6272->10. */
export const jaxCnn = {
  init: (): JaxParams => ({
    k1: param([16, 1, 3, 3], 9, 21),
    c1: param([16], 9, 22),
    k2: param([32, 16, 3, 3], 144, 23),
    c2: param([32], 144, 24),
    w: param([6272, 10], 6272, 25),
    b: param([10], 6272, 26),
  }),
  loss(p: JaxParams, x: JaxArray, y: JaxArray): JaxArray {
    const at = (k: string) => p[k] as JaxArray
    const n = BATCH.cnn
    let h = nn.relu(lax.conv(x, at('k1'), [1, 1], 'SAME').add(at('c1').reshape([1, 16, 1, 1])))
    h = nn.relu(lax.conv(h, at('k2'), [1, 1], 'SAME').add(at('c2').reshape([1, 32, 1, 1])))
    h = h.reshape([n, 32, 14, 2, 14, 2]).max([3, 5])
    return crossEntropy(np.matmul(h.reshape([n, 6272]), at('w')).add(at('b')), y)
  },
}

function layerNorm(x: JaxArray, g: JaxArray, b: JaxArray): JaxArray {
  const mean = x.ref.mean(-1, { keepdims: true })
  const centered = x.sub(mean)
  const variance = np.square(centered.ref).mean(-1, { keepdims: true })
  return centered
    .mul(np.reciprocal(np.sqrt(variance.add(1e-5))))
    .mul(g)
    .add(b)
}

/** The 2-layer post-norm transformer LM (no mask, exact GELU), as Triad's document has it. */
export const jaxTransformer = {
  init(): JaxParams {
    const { vocab, width: d, ff, layers } = TRANSFORMER
    let seed = 300
    const layer = (): JaxParams => ({
      wqkv: param([d, 3 * d], d, seed++),
      bqkv: param([3 * d], 1, 0, 0),
      wo: param([d, d], d, seed++),
      bo: param([d], 1, 0, 0),
      g1: param([d], 1, 0, 1),
      b1: param([d], 1, 0, 0),
      w1: param([d, ff], d, seed++),
      c1: param([ff], d, seed++),
      w2: param([ff, d], ff, seed++),
      c2: param([d], ff, seed++),
      g2: param([d], 1, 0, 1),
      b2: param([d], 1, 0, 0),
    })
    return {
      embed: param([vocab, d], 1, seed++),
      layers: Array.from({ length: layers }, layer),
      head: param([d, vocab], d, seed++),
      headBias: param([vocab], d, seed++),
    }
  },
  loss(p: JaxParams, tokens: JaxArray, y: JaxArray): JaxArray {
    const { width: d, heads: h, seq: t } = TRANSFORMER
    const b = BATCH.transformer
    const dh = d / h
    const split = (m: JaxArray) => m.reshape([b, t, h, dh]).transpose([0, 2, 1, 3])
    let x = np.matmul(tokens, p.embed as JaxArray)
    for (const layer of p.layers as JaxParams[]) {
      const at = (k: string) => layer[k] as JaxArray
      const qkv = np.matmul(x.ref, at('wqkv')).add(at('bqkv'))
      const [q, k, v] = np.split(qkv, 3, 1) as [JaxArray, JaxArray, JaxArray]
      const scores = np.matmul(split(q), split(k).transpose([0, 1, 3, 2])).mul(1 / Math.sqrt(dh))
      const heads = np.matmul(nn.softmax(scores, -1), split(v))
      const merged = heads.transpose([0, 2, 1, 3]).reshape([b * t, d])
      x = layerNorm(x.add(np.matmul(merged, at('wo')).add(at('bo'))), at('g1'), at('b1'))
      const up = nn.gelu(np.matmul(x.ref, at('w1')).add(at('c1')), { approximate: false })
      x = layerNorm(x.add(np.matmul(up, at('w2')).add(at('c2'))), at('g2'), at('b2'))
    }
    return crossEntropy(np.matmul(x, p.head as JaxArray).add(p.headBias as JaxArray), y)
  },
}
