/**
 * The @tensorflow/tfjs peers: the webgpu backend (@tensorflow/tfjs-backend-webgpu) and, for
 * context, the wasm backend (XNNPACK; its .wasm files bundled from node_modules by Vite, never a
 * CDN). Models are the CPU benchmark's tf.layers models; a step is tf.variableGrads +
 * optimizer.applyGradients in a tidy, its loss tensor kept and read only at `sync`.
 */
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-webgpu'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'
import { tfjsCnnModel, tfjsMlpModel } from '../tfjsWorkloads'
import type { Runner } from './measure'
import { tfjsTransformerTrainer } from './tfjsTransformer'
import { BATCH, cnnBatch, matmulOperands, mlpBatch, transformerBatch, type WorkloadKey } from './workloads'

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
})

/** Makes `name` tfjs' backend (all tensors then live there); throws when it cannot start. */
export async function selectTfjs(name: 'webgpu' | 'wasm'): Promise<void> {
  // tfjs-wasm's threaded build starts its workers from its own function source, which a bundled
  // (minified) copy breaks ("e is not defined"): run the single-threaded SIMD build
  if (name === 'wasm') tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
  if (!(await tf.setBackend(name))) throw new Error(`tfjs could not start its ${name} backend.`)
  await tf.ready()
}

/** A runner over a step that returns its loss tensor (the previous one is disposed). */
function lossRunner(step: () => tf.Scalar, dispose: () => void): Runner {
  let loss: tf.Scalar | undefined
  return {
    step() {
      const next = step()
      loss?.dispose()
      loss = next
    },
    async sync() {
      const v = loss ? (await loss.data())[0] : undefined
      if (v !== undefined && !Number.isFinite(v)) throw new Error(`tfjs' loss went ${v}.`)
      return v
    },
    dispose() {
      loss?.dispose()
      dispose()
    },
  }
}

function layersRunner(model: tf.LayersModel, x: tf.Tensor, labels: Int32Array): Runner {
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat())
  const optimizer: tf.Optimizer = tf.train.adam(0.001)
  return lossRunner(
    () =>
      tf.tidy(() => {
        const f = () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor)
        const { value, grads } = tf.variableGrads(f as () => tf.Scalar)
        optimizer.applyGradients(grads)
        return value
      }),
    () => {
      tf.dispose([x, y])
      model.dispose()
      optimizer.dispose()
    },
  )
}

/** A workload on tfjs' current backend (select it first with `selectTfjs`). */
export async function tfjsRunner(key: WorkloadKey): Promise<Runner> {
  switch (key) {
    case 'matmul256':
    case 'matmul1024': {
      const n = key === 'matmul256' ? 256 : 1024
      const { a: ad, b: bd } = matmulOperands(n)
      const a = tf.tensor2d(ad, [n, n])
      const b = tf.tensor2d(bd, [n, n])
      let pending: Promise<unknown> = Promise.resolve()
      return {
        async step() {
          const c = tf.matMul(a, b)
          pending = c.data().finally(() => c.dispose())
          await pending
        },
        sync: () => pending,
        dispose: () => tf.dispose([a, b]),
      }
    }
    case 'mlp': {
      const batch = mlpBatch()
      return layersRunner(tfjsMlpModel(), tf.tensor2d(batch.x, [BATCH.mlp, 784]), batch.labels)
    }
    case 'cnn': {
      const batch = cnnBatch()
      return layersRunner(tfjsCnnModel(), tf.tensor4d(batch.x, [BATCH.cnn, 28, 28, 1]), batch.labels)
    }
    case 'transformer': {
      const batch = transformerBatch()
      const trainer = tfjsTransformerTrainer(batch.tokens, batch.targets, BATCH.transformer)
      return lossRunner(trainer.step, trainer.dispose)
    }
  }
}
