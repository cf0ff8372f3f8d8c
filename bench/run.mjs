#!/usr/bin/env node
/**
 * Runs a TypeScript benchmark under Node: bundles `bench/<name>.ts` with Vite's SSR build (the
 * project's sources inlined, node_modules such as @tensorflow/tfjs left as imports) into
 * node_modules/.cache/triad-bench, then imports the bundle. Node 20 cannot strip types itself.
 *
 * Usage: node bench/run.mjs cpu [args passed to the benchmark]
 */
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'vite'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const name = process.argv[2] ?? 'cpu'
const entry = join(root, 'bench', `${name}.ts`)
const outDir = join(root, 'node_modules', '.cache', 'triad-bench', name)
mkdirSync(outDir, { recursive: true })

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  build: {
    ssr: entry,
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: { output: { format: 'esm', entryFileNames: '[name].mjs' } },
  },
})
process.argv.splice(2, 1)
process.chdir(root)
await import(pathToFileURL(join(outDir, `${name}.mjs`)).href)
