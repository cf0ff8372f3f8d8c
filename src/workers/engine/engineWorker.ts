import { MNIST_FILES, type MnistFiles } from '../../engine/data/mnist'
import type { Gpu } from '../../engine/webgpu/gpuTypes'
import { loadBuiltinDataset } from './runPlan'
import { eventPoster, serveEngine } from './serveEngine'
import { TrainingSession } from './session'
import { GpuHost, selectWorkerBackend } from './workerBackends'

/**
 * The engine worker: owns the GPU device, the data and the training run, and answers the page's
 * `EngineRequest`s (see `protocol.ts`) while pushing status and metrics events. The page starts
 * it with `new Worker(new URL('./engineWorker.ts', import.meta.url), { type: 'module' })` and
 * talks to it through `createEngineClient`.
 */

const scope = globalThis as unknown as DedicatedWorkerGlobalScope

/** MNIST's two files, fetched from the app's `/data/` (written by `npm run data`). */
async function fetchMnist(): Promise<MnistFiles> {
  const get = async (file: string) => {
    const url = `${import.meta.env.BASE_URL}data/${file}`
    const response = await fetch(url)
    if (!response.ok)
      throw new Error(
        `mnist: ${url} answered ${response.status}: the app serves MNIST from data/generated/ (run npm run data, then rebuild).`,
      )
    return new Uint8Array(await response.arrayBuffer())
  }
  const [images, labels] = await Promise.all([get(MNIST_FILES.images), get(MNIST_FILES.labels)])
  return { images, labels }
}

const now = () => performance.now()
const gpu = (scope.navigator as { gpu?: Gpu }).gpu
const host = new GpuHost(gpu, (message) => session.deviceLost(message))
const session = new TrainingSession({
  emit: eventPoster(scope),
  loadDataset: (name) => loadBuiltinDataset(name, { mnist: fetchMnist }),
  selectBackend: (choice, trial) => selectWorkerBackend(choice, trial, host, now),
  now,
})
serveEngine(scope, session)
