import { CONFORMANCE } from '../ops/cases/index'
import { createWebGpuBackend, type WebGpuBackend } from './backend'
import { type CaseResult, runWebGpuConformance } from './conformance/runConformance'
import { runTrainParity, type TrainParity } from './conformance/trainParity'
import { installExecutorTestHooks } from './executor/testHooks'
import type { Gpu } from './gpuTypes'
import type { KernelConfig } from './kernels/index'
import { type ProfileWorkloadsOptions, profileWorkloads, type WorkloadProfile } from './profile/index'

/**
 * The script behind `webgpu-test.html` (built only with TRIAD_E2E=1): the page passes in
 * `navigator.gpu` and `window`, and gets hooks the Playwright spec (e2e/webgpu.spec.ts) calls.
 *
 * - `triadWebGpuInfo()`: the adapter (architecture, vendor, description) and kernel sizes.
 * - `triadWebGpuConformance({ ops?, lowLimits?, config? })`: the op conformance suite on WebGPU
 *   against the CPU reference; `lowLimits` reruns it with tiny workgroups, 4×4 tiles, 4
 *   workgroups per dimension (so larger launches fold and loop) and atomic scatter-add: the
 *   fallbacks of a low-limit device; `config` overrides kernel sizes on top (other kernel paths).
 * - `triadWebGpuTraining()`: five Adam steps of an MLP on WebGPU and on the CPU.
 * - `triadWebGpuOpsWithCases()`: the primitives the shared table has cases for.
 * - `triadTorchParity(names?, steps?)`: installed by the page itself from
 *   src/graph/lower/parity/gpuParity.ts on the backend returned here; `triadExecutorParity` the
 *   same through the training executor (executorParity.ts).
 * - `triadExecutor*`: the training executor's scenarios (executor/testHooks.ts, for
 *   e2e/webgpuExecutor.spec.ts).
 * - `triadWebGpuProfile({ workloads?, config?, rounds? })`: the per-kernel profile of issue 4's
 *   benchmark training steps (profile/), each as data and as a Markdown table.
 */

/** The kernel sizes of the low-limits run: every fallback path at once. */
export const LOW_LIMITS: Partial<KernelConfig> = {
  workgroupSize: 8,
  matmulTile: 4,
  maxWorkgroupsPerDimension: 4,
  scatterAdd: 'atomic',
}

/** What `triadWebGpuInfo` answers. */
export interface WebGpuInfo {
  readonly architecture: string
  readonly vendor: string
  readonly description: string
  readonly config: KernelConfig
}

/**
 * Installs the hooks on `target` (the page's window) once a backend exists, and returns that
 * backend so the page can hang hooks from other layers on it (the PyTorch parity fixtures of
 * src/graph, which src/engine may not import).
 */
export async function installWebGpuTestHooks(
  gpu: Gpu | undefined,
  target: Record<string, unknown>,
): Promise<WebGpuBackend> {
  if (!gpu)
    throw new Error('navigator.gpu is missing: WebGPU is off (launch Chromium with --enable-unsafe-webgpu).')
  const backend: WebGpuBackend = await createWebGpuBackend(gpu)
  target.triadWebGpuInfo = (): WebGpuInfo => ({
    architecture: backend.adapterInfo?.architecture ?? '',
    vendor: backend.adapterInfo?.vendor ?? '',
    description: backend.adapterInfo?.description ?? '',
    config: backend.config,
  })
  target.triadWebGpuConformance = (
    options: { ops?: string[]; lowLimits?: boolean; config?: Partial<KernelConfig> } = {},
  ): Promise<CaseResult[]> =>
    runWebGpuConformance(
      backend.withConfig({ ...(options.lowLimits ? LOW_LIMITS : {}), ...options.config }),
      {
        ...(options.ops ? { ops: (op: string) => options.ops!.includes(op) } : {}),
      },
    )
  target.triadWebGpuTraining = (): Promise<TrainParity> => runTrainParity(backend)
  target.triadWebGpuOpsWithCases = (): string[] =>
    Object.entries(CONFORMANCE)
      .filter(([, entry]) => 'cases' in entry && entry.cases.length > 0)
      .map(([op]) => op)
  target.triadWebGpuProfile = (options: ProfileWorkloadsOptions = {}): Promise<WorkloadProfile[]> =>
    profileWorkloads(backend, options)
  installExecutorTestHooks(gpu, backend, target)
  return backend
}
