/**
 * The same workloads on @tensorflow/tfjs with its pure-JS 'cpu' backend: the peer of Triad's CPU
 * backend. Models are built with tf.layers and trained with `trainOnBatch` (Adam, cross-entropy).
 */
import * as tf from '@tensorflow/tfjs'
import { randomArray, randomLabels } from './triadWorkloads'

/** Selects tfjs' CPU backend; call (and await) once before any workload. */
export async function selectTfjsCpu(): Promise<void> {
  await tf.setBackend('cpu')
  await tf.ready()
}

/** An n x n @ n x n matmul; the result is read back so the work is really done. */
export function tfjsMatmulRunner(n: number): () => void {
  const a = tf.tensor2d(randomArray(n * n, 3), [n, n])
  const b = tf.tensor2d(randomArray(n * n, 4), [n, n])
  return () => {
    const c = tf.matMul(a, b)
    c.dataSync()
    c.dispose()
  }
}

function oneHot(labels: Int32Array, classes: number): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat() as tf.Tensor2D)
}

/** One training step function (returns the loss) of a compiled tf.LayersModel on a fixed batch. */
function trainStep(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): () => number {
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' })
  return () => {
    // trainOnBatch is async in tfjs; the CPU backend finishes the work synchronously, so the
    // promise is already settled work-wise: read the loss with dataSync on the model's last output
    const loss = tf.tidy(() => {
      const f = () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor)
      const { value, grads } = tf.variableGrads(f as () => tf.Scalar)
      ;(model.optimizer as tf.Optimizer).applyGradients(grads)
      return value
    })
    const v = loss.dataSync()[0]!
    loss.dispose()
    return v
  }
}

/** The MLP 784-256-10 (ReLU) as a tf.LayersModel. */
export function tfjsMlpModel(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }),
      tf.layers.dense({ units: 10 }),
    ],
  })
}

/** MLP 784-256-10 (ReLU), softmax cross-entropy, Adam(1e-3). */
export function tfjsMlpStep(batch: number): () => number {
  const model = tfjsMlpModel()
  const x = tf.tensor2d(randomArray(batch * 784, 1), [batch, 784])
  return trainStep(model, x, oneHot(randomLabels(batch, 10, 2), 10))
}

/** The CNN of the benchmark in tfjs' native NHWC layout (same-padded 3x3 convs, maxpool 2, dense 10). */
export function tfjsCnnModel(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 16,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
      }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10 }),
    ],
  })
}

/** A CNN training step on tfjs (see `tfjsCnnModel`), softmax cross-entropy, Adam(1e-3). */
export function tfjsCnnStep(batch: number): () => number {
  const model = tfjsCnnModel()
  const x = tf.tensor4d(randomArray(batch * 784, 1), [batch, 28, 28, 1])
  return trainStep(model, x, oneHot(randomLabels(batch, 10, 2), 10))
}
