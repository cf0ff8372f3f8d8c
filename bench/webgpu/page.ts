/**
 * The script of bench.html (built only with TRIAD_BENCH=1): installs `window.triadBench`, which
 * bench/webgpu/run.mjs drives through Playwright. Every system runs in this one page, on the one
 * WebGPU adapter Chromium exposes (each library requests its own device on it).
 */
import { createWebGpuBackend, type WebGpuBackend } from '../../src/engine/webgpu/backend'
import type { Gpu } from '../../src/engine/webgpu/gpuTypes'
import { jaxRunner, selectJax } from './jaxRunners'
import { type MeasureOptions, measure, type Runner } from './measure'
import { selectTfjs, tfjsRunner } from './tfjsRunners'
import { type TriadPlanSummary, triadCpuRunner, triadPlanSummary, triadWebGpuRunner } from './triadRunners'
import { WORKLOAD_INFO, type WorkloadKey } from './workloads'

/** A system under test: a library on one of its backends. */
export const SYSTEMS = [
  { id: 'triad-webgpu', system: 'triad', backend: 'webgpu' },
  { id: 'tfjs-webgpu', system: 'tfjs', backend: 'webgpu' },
  { id: 'jax-js-webgpu', system: 'jax-js', backend: 'webgpu' },
  { id: 'triad-cpu', system: 'triad', backend: 'cpu' },
  { id: 'tfjs-wasm', system: 'tfjs', backend: 'wasm' },
  { id: 'jax-js-wasm', system: 'jax-js', backend: 'wasm' },
] as const
export type SystemId = (typeof SYSTEMS)[number]['id']

/** What the page says about itself before the runs. */
export interface PageInfo {
  readonly adapter: string
  readonly crossOriginIsolated: boolean
  readonly hardwareConcurrency: number
  readonly userAgent: string
}

/** One workload on one system: what `run` is asked. */
export interface CellRequest extends MeasureOptions {
  readonly system: SystemId
  readonly workload: WorkloadKey
}

/** What `run` answers: the figure, or the error that stopped it. */
export interface CellResult {
  readonly system: SystemId
  readonly workload: WorkloadKey
  readonly name: string
  readonly unit: 'GFLOP/s' | 'steps/s'
  readonly value?: number
  readonly msPerStep?: number
  readonly compileMs?: number
  readonly windows?: number
  readonly stepsPerWindow?: number
  /** The training loss the last window read back (undefined for matmul). */
  readonly loss?: number
  readonly note?: string
  readonly error?: string
}

let triadBackend: WebGpuBackend | undefined
let selected: SystemId | undefined

async function adapterName(): Promise<string> {
  const adapter = await navigator.gpu?.requestAdapter()
  if (!adapter) return 'no WebGPU adapter'
  const { architecture, vendor, description } = adapter.info
  return [vendor, architecture, description].filter((s) => s).join(' / ')
}

/** Switches the global state the libraries keep (tfjs' backend, jax-js' default device). */
async function select(system: SystemId): Promise<void> {
  if (selected === system) return
  if (system === 'tfjs-webgpu') await selectTfjs('webgpu')
  if (system === 'tfjs-wasm') await selectTfjs('wasm')
  if (system === 'jax-js-webgpu') await selectJax('webgpu')
  if (system === 'jax-js-wasm') await selectJax('wasm')
  if (system === 'triad-webgpu' && !triadBackend) {
    if (!navigator.gpu)
      throw new Error('navigator.gpu is missing: launch Chromium with --enable-unsafe-webgpu.')
    triadBackend = await createWebGpuBackend(navigator.gpu as unknown as Gpu)
  }
  selected = system
}

function runnerFor(system: SystemId, workload: WorkloadKey): Promise<Runner> {
  switch (system) {
    case 'triad-webgpu':
      return triadWebGpuRunner(triadBackend!, workload)
    case 'triad-cpu':
      return triadCpuRunner(workload)
    case 'tfjs-webgpu':
    case 'tfjs-wasm':
      return tfjsRunner(workload)
    case 'jax-js-webgpu':
    case 'jax-js-wasm':
      return jaxRunner(workload)
  }
}

async function run(request: CellRequest): Promise<CellResult> {
  const info = WORKLOAD_INFO[request.workload]
  const base = { system: request.system, workload: request.workload, name: info.name, unit: info.unit }
  try {
    await select(request.system)
    let note: string | undefined
    const m = await measure(async () => {
      const runner = await runnerFor(request.system, request.workload)
      note = runner.note
      return runner
    }, request)
    return {
      ...base,
      value: info.value(m.msPerStep),
      msPerStep: m.msPerStep,
      compileMs: m.firstStepMs,
      windows: m.windows,
      stepsPerWindow: m.stepsPerWindow,
      ...(typeof m.lastSync === 'number' ? { loss: m.lastSync } : {}),
      ...(note ? { note } : {}),
    }
  } catch (e) {
    return { ...base, error: e instanceof Error ? e.message.split('\n')[0]! : String(e) }
  }
}

const status = document.getElementById('status')
Object.assign(window, {
  triadBench: {
    info: async (): Promise<PageInfo> => ({
      adapter: await adapterName(),
      crossOriginIsolated: window.crossOriginIsolated,
      hardwareConcurrency: navigator.hardwareConcurrency,
      userAgent: navigator.userAgent,
    }),
    run,
    /** Triad's WebGPU plan of a training workload (dispatches by kind, planned bytes). */
    triadPlan: async (workload: 'mlp' | 'cnn' | 'transformer'): Promise<TriadPlanSummary> => {
      await select('triad-webgpu')
      return triadPlanSummary(triadBackend!, workload)
    },
  },
})
if (status) status.textContent = 'ready'
