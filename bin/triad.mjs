#!/usr/bin/env node
/**
 * The `triad` command (package.json "bin"). Runs the bundled CLI from node_modules/.cache/triad/,
 * building it first when it is missing or older than the sources (a second or two, no network).
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BUNDLE, buildCli, bundleIsStale, ROOT } from './buildCli.mjs'

// MNIST's files (written by `npm run data`) are found from any working directory
process.env.TRIAD_DATA_DIR ??= join(ROOT, 'data', 'generated')

if (bundleIsStale()) {
  try {
    await buildCli()
  } catch (e) {
    process.stderr.write(
      `triad: could not build the CLI bundle: ${e instanceof Error ? e.message : String(e)}\n`,
    )
    process.exit(1)
  }
}
const { run } = await import(pathToFileURL(BUNDLE).href)
await run(process.argv.slice(2))
