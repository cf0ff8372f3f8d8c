import { createCpuExecutor } from '../../engine/train/cpuExecutor'
import { createWebGpuBackend, type WebGpuBackend } from '../../engine/webgpu/backend'
import { createWebGpuExecutor } from '../../engine/webgpu/executor/index'
import type { Gpu } from '../../engine/webgpu/gpuTypes'
import type { BackendSelection, BackendTrial, ExecutorFactory } from './backendSelection'
import { type AdapterFacts, adapterName, chooseBackend, timeExecutor } from './chooseBackend'
import { CPU_BUDGET_BYTES } from './memoryCheck'
import type { BackendChoice } from './protocol'

/**
 * The worker's GPU: one WebGPU backend (device) at a time, made on first use and made again
 * after a loss. Every loss of the current device is reported to `onLost` (the session recovers);
 * `loseDevice` destroys it on purpose, as a driver reset would (the test hook).
 */
export class GpuHost {
  private current: Promise<WebGpuBackend> | undefined
  private lostCurrent = false
  private facts: Promise<AdapterFacts | null> | undefined

  constructor(
    private readonly gpu: Gpu | undefined,
    private readonly onLost: (message: string) => void,
    private readonly create: (gpu: Gpu) => Promise<WebGpuBackend> = (gpu) => createWebGpuBackend(gpu),
  ) {}

  /** Why WebGPU is missing, or undefined when `navigator.gpu` exists. */
  get unavailable(): string | undefined {
    return this.gpu ? undefined : 'this browser has no navigator.gpu (WebGPU is off or unsupported)'
  }

  /** The current backend; a new device when there is none yet or the last one was lost. */
  backend(): Promise<WebGpuBackend> {
    if (!this.gpu) return Promise.reject(new Error(`WebGPU is not available: ${this.unavailable}.`))
    if (!this.current || this.lostCurrent) {
      this.lostCurrent = false
      const made = this.create(this.gpu)
      this.current = made
      made.then(
        (backend) => {
          void backend.lost.then((info) => {
            if (this.current !== made) return
            this.lostCurrent = true
            this.onLost(`${info.reason}: ${info.message || 'no message'}`)
          })
        },
        () => {
          if (this.current === made) this.current = undefined
        },
      )
    }
    return this.current
  }

  /** What the adapter says about itself; null when there is no WebGPU or no adapter. */
  adapter(): Promise<AdapterFacts | null> {
    this.facts ??= this.backend().then(
      (b) => (b.adapterInfo ?? null) as AdapterFacts | null,
      () => null,
    )
    return this.facts
  }

  /** Destroys the current device (every executor on it fails; the session recovers). */
  async loseDevice(): Promise<void> {
    const backend = await this.current
    backend?.destroy()
  }
}

const cpuFactory: ExecutorFactory = async (stepFor, initial, settings) =>
  createCpuExecutor(stepFor, initial, { batchSize: settings.batchSize })

function cpuSelection(reason: string): BackendSelection {
  return {
    backend: 'cpu',
    adapter: 'cpu',
    reason,
    limits: { maxTotalBytes: CPU_BUDGET_BYTES, device: "the CPU backend (this tab's memory)" },
    createExecutor: cpuFactory,
  }
}

/** Executors on the host's current device (a new one after a loss), with the non-finite guard. */
function webGpuSelection(host: GpuHost, backend: WebGpuBackend, reason: string): BackendSelection {
  const limits = backend.device.limits
  const adapter = adapterName(backend.adapterInfo ?? {})
  return {
    backend: 'webgpu',
    adapter,
    reason,
    guard: true,
    warmUp: true,
    limits: {
      maxBufferBytes: Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize),
      device: `this GPU (${adapter})`,
    },
    createExecutor: async (stepFor, initial, settings) =>
      createWebGpuExecutor(await host.backend(), stepFor, initial, settings),
    loseDevice: () => void host.loseDevice(),
  }
}

/**
 * The backend of a run in the worker (see `chooseBackend`): the user's override, or for `auto`
 * WebGPU on a hardware adapter and, on a software one, the faster of the two in a short probe
 * of this model (5 timed steps each, warm-up excluded).
 */
export async function selectWorkerBackend(
  choice: BackendChoice,
  trial: BackendTrial,
  host: GpuHost,
  now: () => number,
): Promise<BackendSelection> {
  if (choice === 'cpu') return cpuSelection('cpu: chosen in the run settings')
  const adapter = await host.adapter()
  const unavailable = host.unavailable ?? (adapter ? undefined : 'no WebGPU adapter was found')
  const probe = async (backend: 'webgpu' | 'cpu') => {
    const { batchSize } = trial.settings
    const executor =
      backend === 'cpu'
        ? createCpuExecutor((b) => trial.stepFor(b), trial.initialState(), { batchSize })
        : await createWebGpuExecutor(
            await host.backend(),
            (b) => trial.stepFor(b, { guard: true }),
            trial.initialState(),
            trial.settings,
          )
    return timeExecutor(executor, trial.batch, now)
  }
  const decision = await chooseBackend(choice, {
    adapter,
    probe,
    ...(unavailable ? { unavailable } : {}),
  })
  if (decision.backend === 'cpu') return cpuSelection(decision.reason)
  return webGpuSelection(host, await host.backend(), decision.reason)
}
