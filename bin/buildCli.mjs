#!/usr/bin/env node
/**
 * Bundles the `triad` CLI (src/cli/run.ts and what it imports from src/graph and src/engine) into
 * one ES module for Node, with Vite's build API (an SSR build: node target, packages from
 * node_modules left as imports). Node 20 cannot run TypeScript, so `bin/triad.mjs` runs this on
 * first use and whenever a source file is newer than the bundle; `npm run build:cli` runs it by hand.
 *
 * The bundle lands in node_modules/.cache/triad/ (ignored by git, rebuilt after `npm ci`). It is
 * built in a private folder and renamed into place, so two processes building at once never see
 * a half-written file.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const BUNDLE = join(ROOT, 'node_modules', '.cache', 'triad', 'cli.mjs')
const ENTRY = join(ROOT, 'src', 'cli', 'run.ts')
/** Sources the bundle is made of; a newer file in any of them makes it stale. */
const SOURCE_DIRS = ['src/cli', 'src/graph', 'src/engine'].map((d) => join(ROOT, d))
const SOURCE_FILES = [fileURLToPath(import.meta.url), join(ROOT, 'package.json')]

function newestIn(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestIn(path))
    else if (/\.(ts|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name))
      newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

/**
 * True when the bundle is missing or older than a source. Without sources (an installed copy
 * that ships only the bundle), an existing bundle is never stale.
 */
export function bundleIsStale() {
  if (!existsSync(BUNDLE)) return true
  if (!existsSync(ENTRY)) return false
  const built = statSync(BUNDLE).mtimeMs
  const newest = Math.max(
    ...SOURCE_DIRS.filter((d) => existsSync(d)).map(newestIn),
    ...SOURCE_FILES.filter((f) => existsSync(f)).map((f) => statSync(f).mtimeMs),
  )
  return newest > built
}

/** Builds the bundle; resolves to its path. */
export async function buildCli() {
  if (!existsSync(ENTRY)) throw new Error(`cannot build the triad CLI: ${ENTRY} is missing`)
  const { build } = await import('vite')
  const work = join(dirname(BUNDLE), `build-${process.pid}-${Date.now()}`)
  mkdirSync(work, { recursive: true })
  try {
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      publicDir: false,
      build: {
        ssr: ENTRY,
        outDir: work,
        emptyOutDir: false,
        target: 'node20',
        minify: false,
        sourcemap: false,
        reportCompressedSize: false,
        copyPublicDir: false,
        rolldownOptions: { output: { entryFileNames: 'cli.mjs', format: 'es', codeSplitting: false } },
      },
    })
    renameSync(join(work, 'cli.mjs'), BUNDLE)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  return BUNDLE
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now()
  await buildCli()
  console.log(`built ${BUNDLE} in ${Math.round(performance.now() - started)} ms`)
}
