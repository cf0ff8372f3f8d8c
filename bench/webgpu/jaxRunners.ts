/**
 * The @jax-js/jax peers, on its webgpu device and, for context, its wasm device: one jit-compiled
 * training step (value_and_grad of the loss, then Adam written out as PyTorch's update, since
 * @jax-js/optax is not installed), parameters and optimizer state carried from step to step on
 * the device; the loss is read back only at `sync`.
 */
import {
  defaultDevice,
  init,
  type Array as JaxArray,
  jit,
  nn,
  numpy as np,
  tree,
  valueAndGrad,
} from '@jax-js/jax'
import { TRANSFORMER } from '../triadWorkloads'
import { type JaxParams, jaxCnn, jaxMlp, jaxTransformer } from './jaxModels'
import type { Runner } from './measure'
import { cnnBatch, matmulOperands, mlpBatch, transformerBatch, type WorkloadKey } from './workloads'

const LR = 0.001
const BETA1 = 0.9
const BETA2 = 0.999
const EPS = 1e-8

/** Starts jax-js' `device` and makes it the default for new arrays; throws when it is missing. */
export async function selectJax(device: 'webgpu' | 'wasm'): Promise<void> {
  const available = await init(device)
  if (!available.includes(device)) throw new Error(`jax-js has no ${device} device here.`)
  defaultDevice(device)
}

type Loss = (p: JaxParams, x: JaxArray, y: JaxArray) => JaxArray

/**
 * One Adam step (torch.optim.Adam): m, v moving averages, then
 * p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps), with `stepSize` = lr / bc1 and
 * `invSqrtBc2` = 1 / sqrt(bc2) fed per step as 0-d arrays.
 */
function adamStep(loss: Loss) {
  return jit(
    (
      p: JaxParams,
      m: JaxParams,
      v: JaxParams,
      x: JaxArray,
      y: JaxArray,
      stepSize: JaxArray,
      invSqrtBc2: JaxArray,
    ) => {
      const [value, grads] = valueAndGrad(loss)(tree.ref(p), x, y)
      const [params, def] = tree.flatten<JaxArray>(p)
      const g = tree.leaves<JaxArray>(grads)
      const ms = tree.leaves<JaxArray>(m)
      const vs = tree.leaves<JaxArray>(v)
      const next: JaxArray[] = []
      const nextM: JaxArray[] = []
      const nextV: JaxArray[] = []
      params.forEach((param, i) => {
        const gi = g[i]!
        const mi = ms[i]!.mul(BETA1).add(gi.ref.mul(1 - BETA1))
        const vi = vs[i]!.mul(BETA2).add(np.square(gi).mul(1 - BETA2))
        const denom = np.sqrt(vi.ref).mul(invSqrtBc2.ref).add(EPS)
        next.push(param.sub(mi.ref.mul(stepSize.ref).div(denom)))
        nextM.push(mi)
        nextV.push(vi)
      })
      stepSize.dispose()
      invSqrtBc2.dispose()
      const back = (leaves: JaxArray[]) => tree.unflatten(def, leaves) as JaxParams
      return [value, back(next), back(nextM), back(nextV)] as [JaxArray, JaxParams, JaxParams, JaxParams]
    },
  )
}

function trainRunner(loss: Loss, params: JaxParams, x: JaxArray, y: JaxArray): Runner {
  const step = adamStep(loss)
  let p = params
  let m = tree.map((a: JaxArray) => np.zerosLike(a), tree.ref(p)) as JaxParams
  let v = tree.map((a: JaxArray) => np.zerosLike(a), tree.ref(p)) as JaxParams
  let t = 0
  let last: JaxArray | undefined
  return {
    step() {
      t++
      const bc1 = 1 - BETA1 ** t
      const bc2 = 1 - BETA2 ** t
      const [value, p2, m2, v2] = step(
        p,
        m,
        v,
        x.ref,
        y.ref,
        np.full([], LR / bc1),
        np.full([], 1 / Math.sqrt(bc2)),
      )
      last?.dispose()
      last = value
      p = p2
      m = m2
      v = v2
    },
    async sync() {
      if (!last) return undefined
      const loss = (await last.ref.data())[0]
      if (loss !== undefined && !Number.isFinite(loss)) throw new Error(`jax-js' loss went ${loss}.`)
      return loss
    },
    dispose() {
      last?.dispose()
      tree.dispose([p, m, v, x, y])
      step.dispose()
    },
  }
}

function oneHot(labels: Int32Array, classes: number): JaxArray {
  return nn.oneHot(np.array(Int32Array.from(labels), { dtype: np.int32 }), classes).astype(np.float32)
}

/** A workload on jax-js' default device (select it first with `selectJax`). */
export async function jaxRunner(key: WorkloadKey): Promise<Runner> {
  switch (key) {
    case 'matmul256':
    case 'matmul1024': {
      const n = key === 'matmul256' ? 256 : 1024
      const { a: ad, b: bd } = matmulOperands(n)
      const a = np.array(Float32Array.from(ad)).reshape([n, n])
      const b = np.array(Float32Array.from(bd)).reshape([n, n])
      let pending: Promise<unknown> = Promise.resolve()
      return {
        async step() {
          // data() reads the product back and releases it
          pending = np.matmul(a.ref, b.ref).data()
          await pending
        },
        sync: () => pending,
        dispose: () => tree.dispose([a, b]),
      }
    }
    case 'mlp': {
      const batch = mlpBatch()
      return trainRunner(
        jaxMlp.loss,
        jaxMlp.init(),
        np.array(Float32Array.from(batch.x)).reshape([-1, 784]),
        oneHot(batch.labels, 10),
      )
    }
    case 'cnn': {
      const batch = cnnBatch()
      const x = np.array(Float32Array.from(batch.x)).reshape([-1, 1, 28, 28])
      return trainRunner(jaxCnn.loss, jaxCnn.init(), x, oneHot(batch.labels, 10))
    }
    case 'transformer': {
      const batch = transformerBatch()
      const tokens = oneHot(batch.tokens, TRANSFORMER.vocab)
      return trainRunner(
        jaxTransformer.loss,
        jaxTransformer.init(),
        tokens,
        oneHot(batch.targets, TRANSFORMER.vocab),
      )
    }
  }
}
