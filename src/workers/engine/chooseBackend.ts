import type { Feeds } from '../../engine/cpu/runCpu'
import type { TrainExecutor } from '../../engine/train/executor'
import type { BackendChoice } from './protocol'

/** What the WebGPU adapter says about itself (GPUAdapterInfo, plus `isFallbackAdapter`). */
export interface AdapterFacts {
  readonly vendor?: string
  readonly architecture?: string
  readonly description?: string
  readonly isFallbackAdapter?: boolean
}

/** The backend a run takes, and why, in words for the run panel. */
export interface BackendDecision {
  readonly backend: 'webgpu' | 'cpu'
  readonly reason: string
  /** Steps per second each backend reached in the probe, when one ran. */
  readonly probe?: { readonly webgpu?: number; readonly cpu?: number }
}

/** Software renderers: WebGPU there runs on the CPU, usually slower than the CPU backend itself. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/i

/** True for a fallback or software adapter (SwiftShader, llvmpipe): a correctness device, not a fast one. */
export function isSoftwareAdapter(info: AdapterFacts): boolean {
  if (info.isFallbackAdapter) return true
  return SOFTWARE.test(`${info.architecture ?? ''} ${info.description ?? ''} ${info.vendor ?? ''}`)
}

/** A readable adapter name: its architecture, else its description or vendor. */
export function adapterName(info: AdapterFacts): string {
  return info.architecture || info.description || info.vendor || 'unknown adapter'
}

/** What `chooseBackend` needs to know and to try. */
export interface BackendEnvironment {
  /** The WebGPU adapter, or null when WebGPU is missing (no `navigator.gpu`, no adapter). */
  readonly adapter: AdapterFacts | null
  /** Why WebGPU is missing, when it is. */
  readonly unavailable?: string
  /** Steps per second of the model on a backend (a short timed run, warm-up excluded). */
  readonly probe?: (backend: 'webgpu' | 'cpu') => Promise<number>
}

const rate = (v: number) => (v >= 100 ? v.toFixed(0) : v.toPrecision(2))

/**
 * Picks the backend of a run. `cpu` and `webgpu` are the user's override (`webgpu` without an
 * adapter is an error naming the fix). `auto` takes WebGPU on a hardware adapter; on a software
 * one (SwiftShader) it times a few steps of the model on both and takes the faster, since WebGPU
 * emulated on the CPU is often slower than the CPU backend.
 */
export async function chooseBackend(
  choice: BackendChoice,
  env: BackendEnvironment,
): Promise<BackendDecision> {
  if (choice === 'cpu') return { backend: 'cpu', reason: 'cpu: chosen in the run settings' }
  const missing = env.unavailable ?? 'this browser exposes no WebGPU adapter'
  if (choice === 'webgpu') {
    if (!env.adapter)
      throw new Error(`WebGPU is not available: ${missing}. Choose the cpu (or auto) backend.`)
    return { backend: 'webgpu', reason: `webgpu: chosen in the run settings (${adapterName(env.adapter)})` }
  }
  if (!env.adapter) return { backend: 'cpu', reason: `auto: cpu, as ${missing}` }
  const name = adapterName(env.adapter)
  if (!isSoftwareAdapter(env.adapter) || !env.probe)
    return { backend: 'webgpu', reason: `auto: webgpu on ${name}, a hardware adapter` }
  const cpu = await env.probe('cpu')
  let webgpu: number
  try {
    webgpu = await env.probe('webgpu')
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    return { backend: 'cpu', reason: `auto: cpu, as webgpu failed on ${name} (${why})`, probe: { cpu } }
  }
  const backend = webgpu > cpu ? 'webgpu' : 'cpu'
  return {
    backend,
    reason: `auto: ${backend}, faster in a probe on ${name} (a software adapter): webgpu ${rate(webgpu)} steps/s, cpu ${rate(cpu)} steps/s`,
    probe: { webgpu, cpu },
  }
}

/**
 * Steps per second of an executor on one batch: one warm-up step (pipeline creation and first
 * uploads excluded), then `steps` timed steps up to their losses. The executor is destroyed.
 */
export async function timeExecutor(
  executor: TrainExecutor,
  batch: Feeds,
  now: () => number,
  steps = 5,
): Promise<number> {
  try {
    await executor.enqueue(batch)
    await executor.losses(true)
    const t0 = now()
    for (let i = 0; i < steps; i++) await executor.enqueue(batch)
    await executor.losses(true)
    const seconds = Math.max((now() - t0) / 1000, 1e-6)
    return steps / seconds
  } finally {
    executor.destroy()
  }
}
