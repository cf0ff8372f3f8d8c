/**
 * `npm run bench:cpu`: Triad's CPU backend next to @tensorflow/tfjs' pure-JS 'cpu' backend, in one
 * run on one machine. Workloads: square matmuls (GFLOP/s), an MLP 784-256-10 training step with
 * Adam at batch 128 and a small CNN training step at batch 64 (steps/s). Each is warmed up, then
 * timed several times; the median counts. Prints a table with ratios and writes
 * bench/results-cpu.json. Options: --reps N (default 5), --seconds S (time budget per
 * measurement, default 20; at least 3 repetitions are timed), --only name[,name].
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { cachedPlans, cpuPlan } from '../src/engine/cpu/runCpu'
import { selectTfjsCpu, tfjsCnnStep, tfjsMatmulRunner, tfjsMlpStep } from './tfjsWorkloads'
import { cnnDocument, matmulRunner, mlpDocument, trainLoop } from './triadWorkloads'

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '20' },
    only: { type: 'string' },
  },
})
const REPS = Number(args.reps)
const BUDGET_MS = Number(args.seconds) * 1000
const ONLY = args.only?.split(',')

/** One row of bench/results-cpu.json. */
interface Row {
  workload: string
  system: 'triad' | 'tfjs'
  backend: 'cpu'
  adapter: 'cpu'
  value: number
  unit: 'GFLOP/s' | 'steps/s'
}

/**
 * Median milliseconds of `run`: warmed up (for at least a second, and at least one call, so the
 * JIT has tiered up, for both systems alike), then timed REPS times, or fewer (at least 3) within
 * the time budget.
 */
function medianMs(run: () => unknown): number {
  const warm = performance.now()
  for (let i = 0; i < 1 || performance.now() - warm < 1000; i++) run()
  const times: number[] = []
  const start = performance.now()
  while (times.length < REPS && (times.length < 3 || performance.now() - start < BUDGET_MS)) {
    const t0 = performance.now()
    run()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const mid = times.length >> 1
  return times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2
}

interface Workload {
  readonly name: string
  readonly unit: Row['unit']
  /** From median milliseconds to the reported value. */
  readonly value: (ms: number) => number
  readonly triad: () => () => unknown
  readonly tfjs: () => () => unknown
}

const matmul = (n: number): Workload => ({
  name: `matmul ${n}x${n}`,
  unit: 'GFLOP/s',
  value: (ms) => (2 * n ** 3) / (ms * 1e6),
  triad: () => matmulRunner(n),
  tfjs: () => tfjsMatmulRunner(n),
})

const WORKLOADS: Workload[] = [
  matmul(256),
  matmul(1024),
  {
    name: 'MLP 784-256-10 Adam b128',
    unit: 'steps/s',
    value: (ms) => 1000 / ms,
    triad: () => trainLoop(mlpDocument(128), 784, 10, 128).step,
    tfjs: () => tfjsMlpStep(128),
  },
  {
    name: 'CNN conv16-conv32-pool-dense Adam b64',
    unit: 'steps/s',
    value: (ms) => 1000 / ms,
    triad: () => trainLoop(cnnDocument(64), 784, 10, 64).step,
    tfjs: () => tfjsCnnStep(64),
  },
]

function memoryNote(name: string): string {
  const doc = name.startsWith('MLP') ? mlpDocument(128) : name.startsWith('CNN') ? cnnDocument(64) : undefined
  if (!doc) return ''
  const loop = trainLoop(doc, 784, 10, name.startsWith('MLP') ? 128 : 64)
  loop.step()
  const graph = loop.compiled.graph
  const plan = cachedPlans(graph)[0]!
  const s = plan.stats
  // every IR value of the step in a buffer of its own, as the reference interpreter had it
  const outputs = plan.outputs.map((id) => graph.nodes[id]!)
  const unplanned = cpuPlan(graph, { outputs, reference: true }).stats.naiveBytes
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`
  return `  ${name}: intermediates in ${mb(s.plannedBytes)} of pooled buffers (${mb(s.naiveBytes)} with one buffer per computed value, ${mb(unplanned)} with one per IR value); ${s.fastKernels} fast + ${s.referenceKernels} reference kernels, ${s.viewsReadThrough} views read in place`
}

await selectTfjsCpu()
const rows: Row[] = []
const table: string[] = []
const pad = (s: string, n: number) => s.padEnd(n)
console.log(
  `Triad CPU vs tfjs-cpu, median of up to ${REPS} timed runs after a warm-up (Node ${process.version})`,
)
table.push(`${pad('workload', 40)}${pad('unit', 9)}${pad('triad', 10)}${pad('tfjs', 10)}triad/tfjs`)
for (const w of WORKLOADS) {
  if (ONLY && !ONLY.some((o) => w.name.toLowerCase().includes(o.toLowerCase()))) continue
  const triad = w.value(medianMs(w.triad()))
  const tfjs = w.value(medianMs(w.tfjs()))
  rows.push({ workload: w.name, system: 'triad', backend: 'cpu', adapter: 'cpu', value: triad, unit: w.unit })
  rows.push({ workload: w.name, system: 'tfjs', backend: 'cpu', adapter: 'cpu', value: tfjs, unit: w.unit })
  const line = `${pad(w.name, 40)}${pad(w.unit, 9)}${pad(triad.toPrecision(3), 10)}${pad(tfjs.toPrecision(3), 10)}${(triad / tfjs).toFixed(1)}x`
  console.log(line)
  table.push(line)
}
console.log(`\n${table.join('\n')}\n`)
console.log('Memory planning of the training steps:')
for (const w of WORKLOADS) {
  const note = memoryNote(w.name)
  if (note && (!ONLY || ONLY.some((o) => w.name.toLowerCase().includes(o.toLowerCase())))) console.log(note)
}
// bench/run.mjs runs benchmarks from the repository root
const out = join(process.cwd(), 'bench', 'results-cpu.json')
writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`)
console.log(`\nwrote ${out}`)
