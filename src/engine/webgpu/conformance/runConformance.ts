import { grad } from '../../autodiff/grad'
import { type Feeds, type RunCpuOptions, runCpu } from '../../cpu/runCpu'
import type { Value } from '../../ir/value'
import { CONFORMANCE } from '../../ops/cases/index'
import { buildCase, drawValues, makeRandom, type OpCase } from '../../ops/conformance'
import type { WebGpuBackend } from '../backend'
import { compareTensors, DEFAULT_TOLERANCE, type Tolerance } from './compare'
import { EXTRA_CASES } from './extraCases'

/** One check of the suite: a case's forward or backward graph, WebGPU against the CPU reference. */
export interface CaseResult {
  readonly op: string
  readonly case: string
  readonly phase: 'forward' | 'backward'
  readonly ok: boolean
  /** Largest |WebGPU - CPU| over the compared outputs (finite entries). */
  readonly maxError: number
  /** What went wrong: the first mismatching element, or the error thrown. */
  readonly detail?: string
}

/**
 * Tolerances looser than the default, each with its reason. Empty means every op meets
 * relative 1e-4 / absolute 1e-5.
 */
export const TOLERANCES: Readonly<Record<string, Tolerance & { readonly reason: string }>> = {}

// The CPU oracle runs its reference kernels (`reference`, where the CPU backend offers it): the
// object is built apart so that a CPU backend without the option still type-checks this call.
function cpuOptions(outputs: readonly Value[]): RunCpuOptions {
  const options = { outputs, reference: true }
  return options
}

function feedsOf(
  values: readonly (readonly number[])[],
  extra: Record<string, readonly number[]> = {},
): Feeds {
  const feeds: Record<string, readonly number[]> = { ...extra }
  values.forEach((v, i) => {
    feeds[`x${i}`] = v
  })
  return feeds
}

async function compareRun(
  backend: WebGpuBackend,
  graph: Parameters<typeof runCpu>[0],
  feeds: Feeds,
  outputs: readonly Value[],
  tol: Tolerance,
): Promise<{ ok: boolean; maxError: number; detail?: string }> {
  const expected = runCpu(graph, feeds, cpuOptions(outputs))
  const actual = await backend.run(graph, feeds, { outputs })
  let maxError = 0
  for (const [k, v] of outputs.entries()) {
    const c = compareTensors(actual.get(v), expected.get(v), tol)
    maxError = Math.max(maxError, c.maxError)
    if (!c.ok) return { ok: false, maxError, detail: `output ${k} (${v.op} #${v.id}) ${c.mismatch}` }
  }
  return { ok: true, maxError }
}

/** The forward check: the case's output on WebGPU against `runCpu`. */
async function forward(backend: WebGpuBackend, c: OpCase, tol: Tolerance, seed: number) {
  const { g, y, values } = buildCase(c, seed)
  return compareRun(backend, g, feedsOf(values), [y], tol)
}

/**
 * The backward check: L = sum(y · r) for random r, then L and dL/dx for every f32 input, each
 * graph run whole on WebGPU and on the CPU. Undefined when there is nothing to differentiate.
 */
async function backward(backend: WebGpuBackend, c: OpCase, tol: Tolerance, seed: number) {
  const { g, xs, y, values } = buildCase(c, seed)
  const floats = xs.filter((x) => x.dtype === 'f32')
  if (y.dtype !== 'f32' || floats.length === 0) return undefined
  const r = g.input(y.shape, { name: 'r' })
  const loss = g.sum(g.mul(y, r))
  const grads = grad(g, loss, floats)
  const extra = { r: drawValues({ shape: y.shape }, makeRandom(seed + 7919)) }
  return compareRun(backend, g, feedsOf(values, extra), [loss, ...grads], tol)
}

/** Options of `runWebGpuConformance`. */
export interface ConformanceOptions {
  /** Only ops whose name passes this test. */
  readonly ops?: (op: string) => boolean
  /** Include the WebGPU-specific cases (NaN/Inf, multi-tile sizes); default true. */
  readonly extra?: boolean
  readonly seed?: number
  /** Called after each check (progress). */
  readonly onResult?: (r: CaseResult) => void
}

/**
 * Runs the op conformance table of `ops/cases` (the cases the CPU suite checks) plus the
 * WebGPU-specific cases on `backend`: every case forward and backward, each compared with the
 * CPU reference. A case that throws is a failure carrying the message.
 */
export async function runWebGpuConformance(
  backend: WebGpuBackend,
  options: ConformanceOptions = {},
): Promise<CaseResult[]> {
  const seed = options.seed ?? 1
  const table: [string, readonly OpCase[]][] = Object.entries(CONFORMANCE).map(([op, entry]) => [
    op,
    'cases' in entry ? entry.cases : [],
  ])
  if (options.extra ?? true) table.push(...Object.entries(EXTRA_CASES))
  const results: CaseResult[] = []
  for (const [op, cases] of table) {
    if (options.ops && !options.ops(op)) continue
    const tol = TOLERANCES[op] ?? DEFAULT_TOLERANCE
    for (const c of cases)
      for (const phase of ['forward', 'backward'] as const) {
        let result: CaseResult | undefined
        try {
          const r =
            phase === 'forward' ? await forward(backend, c, tol, seed) : await backward(backend, c, tol, seed)
          if (r) result = { op, case: c.name, phase, ...r }
        } catch (e) {
          result = {
            op,
            case: c.name,
            phase,
            ok: false,
            maxError: Number.NaN,
            detail: e instanceof Error ? e.message : String(e),
          }
        }
        if (result) {
          results.push(result)
          options.onResult?.(result)
        }
      }
  }
  return results
}
