import type { WebGpuBackend } from '../backend'
import type { KernelConfig } from '../kernels/index'
import { type ProfileOptions, profileCompiledGraph } from './profileGraph'
import { formatProfile, type KernelProfile } from './summary'
import { PROFILE_WORKLOADS, type ProfileWorkload } from './workloads'

/** Names of the workloads `profileWorkloads` knows. */
export type ProfileWorkloadName = keyof typeof PROFILE_WORKLOADS

/** One workload's profile with what it was compiled under. */
export interface WorkloadProfile {
  readonly name: string
  readonly config: KernelConfig
  /** Milliseconds `backend.compile` took (planning, pipelines, buffers, bind groups). */
  readonly compileMs: number
  readonly pipelines: number
  readonly profile: KernelProfile
  /** `formatProfile`'s Markdown. */
  readonly table: string
}

/**
 * Compiles a workload's training step on `backend` as the executor does (every output of the
 * step) and profiles it on the step's feeds from a fresh state.
 */
export async function profileWorkload(
  backend: WebGpuBackend,
  workload: ProfileWorkload,
  options: ProfileOptions = {},
): Promise<WorkloadProfile> {
  const { step } = workload
  const t0 = performance.now()
  const compiled = await backend.compile(step.graph, { outputs: step.outputs })
  const compileMs = performance.now() - t0
  try {
    const feeds = step.stepFeeds(step.initialState(0), workload.batch)
    const profile = await profileCompiledGraph(backend.device, compiled, feeds, options)
    return {
      name: workload.name,
      config: backend.config,
      compileMs,
      pipelines: compiled.stats.pipelines,
      profile,
      table: formatProfile(workload.name, profile),
    }
  } finally {
    compiled.destroy()
  }
}

/** Options of `profileWorkloads`: which workloads, under which kernel sizes, how many rounds. */
export interface ProfileWorkloadsOptions extends ProfileOptions {
  readonly workloads?: readonly ProfileWorkloadName[]
  readonly config?: Partial<KernelConfig>
}

/** Profiles issue 4's benchmark steps (MLP, CNN, transformer by default), one after the other. */
export async function profileWorkloads(
  backend: WebGpuBackend,
  options: ProfileWorkloadsOptions = {},
): Promise<WorkloadProfile[]> {
  const target = options.config ? backend.withConfig(options.config) : backend
  const out: WorkloadProfile[] = []
  for (const name of options.workloads ?? (Object.keys(PROFILE_WORKLOADS) as ProfileWorkloadName[]))
    out.push(await profileWorkload(target, PROFILE_WORKLOADS[name](), options))
  return out
}
