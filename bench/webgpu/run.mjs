#!/usr/bin/env node
/**
 * `npm run bench`: Triad WebGPU against @tensorflow/tfjs-backend-webgpu and @jax-js/jax (webgpu)
 * on the same adapter in one headless Chromium page, plus Triad CPU against tfjs-wasm and jax-js
 * wasm for context. Builds bench.html with Vite into --out-dir, serves it with `vite preview`
 * (cross-origin isolated, as the app is), drives the page with Playwright, prints the table with
 * ratios to the best peer and writes bench/results.json.
 *
 * Options: --reps N (timed windows per cell, default 5; at least 3), --seconds S (time budget of
 * the timed windows of one cell, default 6), --window-ms (default 1000), --warmup-ms (default
 * 1000), --only matmul,mlp (workload keys containing these), --systems triad-webgpu,tfjs-webgpu
 * (ids: triad-webgpu tfjs-webgpu jax-js-webgpu triad-cpu tfjs-wasm jax-js-wasm), --port 4190,
 * --out-dir /tmp/dist-bench, --no-build (serve what --out-dir holds), --results bench/results.json,
 * --plan (also print the dispatches of Triad's WebGPU training steps, by kernel kind).
 */
import { existsSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright'
import { build, preview } from 'vite'
import { CPU_SYSTEMS, formatTable, GPU_SYSTEMS, resultRows } from './report.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '6' },
    'window-ms': { type: 'string', default: '1000' },
    'warmup-ms': { type: 'string', default: '1000' },
    only: { type: 'string' },
    systems: { type: 'string' },
    port: { type: 'string', default: '4190' },
    'out-dir': { type: 'string', default: '/tmp/dist-bench' },
    'no-build': { type: 'boolean', default: false },
    plan: { type: 'boolean', default: false },
    results: { type: 'string', default: join(root, 'bench', 'results.json') },
  },
})
const WORKLOADS = ['matmul256', 'matmul1024', 'mlp', 'cnn', 'transformer']
const only = args.only?.split(',')
const workloads = WORKLOADS.filter((w) => !only || only.some((o) => w.includes(o.toLowerCase())))
const systems = args.systems?.split(',') ?? [...GPU_SYSTEMS, ...CPU_SYSTEMS]
const CHROMIUM = process.env.TRIAD_CHROMIUM ?? '/usr/bin/chromium'
if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing: run node scripts/ensureChromium.mjs (apt-get install chromium).`)
  process.exit(1)
}

const outDir = resolve(args['out-dir'])
// a config of its own: the page needs no React plugin, and the app's inputs stay out of it
const config = {
  root,
  configFile: false,
  logLevel: 'warn',
  worker: { format: 'es' },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    rolldownOptions: { input: { bench: join(root, 'bench.html') } },
  },
  preview: {
    port: Number(args.port),
    strictPort: true,
    host: '127.0.0.1',
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
}
if (!args['no-build']) {
  const t0 = performance.now()
  await build(config)
  console.log(`built bench.html into ${outDir} in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
}
const server = await preview(config)
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--no-sandbox',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--enable-unsafe-webgpu',
  ],
})
const started = performance.now()
const cells = []
let info
try {
  const page = await browser.newPage()
  page.on('pageerror', (e) => console.error(`page error: ${e.stack ?? e.message}`))
  await page.goto(`http://127.0.0.1:${args.port}/bench.html`)
  await page.getByRole('status').filter({ hasText: 'ready' }).waitFor({ timeout: 60_000 })
  info = await page.evaluate(() => window.triadBench.info())
  console.log(
    `adapter: ${info.adapter}; crossOriginIsolated: ${info.crossOriginIsolated}; ${info.hardwareConcurrency} cores`,
  )
  const options = {
    reps: Number(args.reps),
    budgetMs: Number(args.seconds) * 1000,
    windowMs: Number(args['window-ms']),
    warmupMs: Number(args['warmup-ms']),
  }
  for (const system of systems)
    for (const workload of workloads) {
      const t0 = performance.now()
      const cell = await page.evaluate((req) => window.triadBench.run(req), { ...options, system, workload })
      cells.push(cell)
      const took = ((performance.now() - t0) / 1000).toFixed(0)
      const what =
        cell.error !== undefined
          ? `failed: ${cell.error}`
          : `${cell.value.toPrecision(3)} ${cell.unit} (first step ${cell.compileMs.toFixed(0)} ms; ${cell.windows} x ${cell.stepsPerWindow} steps${cell.loss === undefined ? '' : `; loss ${cell.loss.toFixed(3)}`})`
      console.log(
        `${system.padEnd(14)} ${cell.name.padEnd(38)} ${what} [${took} s]${cell.note ? `; ${cell.note}` : ''}`,
      )
    }
  if (args.plan)
    for (const workload of workloads.filter((w) => !w.startsWith('matmul'))) {
      const p = await page.evaluate((w) => window.triadBench.triadPlan(w), workload)
      const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`
      const kinds = p.byKind.map(([k, n]) => `${k} ${n}`).join(', ')
      console.log(
        `Triad WebGPU plan, ${workload}: ${p.dispatches} dispatches, ${p.pipelines} pipelines; intermediates ${mib(p.plannedBytes)} planned (${mib(p.naiveBytes)} with a buffer each); ${kinds}`,
      )
    }
} finally {
  await browser.close()
  await new Promise((done) => server.httpServer.close(done))
}

console.log(
  `\nSteady state, median of timed windows (${((performance.now() - started) / 1000).toFixed(0)} s in all):`,
)
console.log(formatTable(cells, workloads))
console.log('\nTime to the first synced step (setup, compile, first step), ms:')
console.log(formatTable(cells, workloads, 'compileMs'))
const paths = [...new Set(cells.map((c) => c.note).filter((n) => n))]
if (paths.length) console.log(`\nTriad WebGPU training path: ${paths.join('; ')}`)
writeFileSync(args.results, `${JSON.stringify(resultRows(cells, info?.adapter ?? 'unknown'), null, 2)}\n`)
console.log(`wrote ${args.results}`)
