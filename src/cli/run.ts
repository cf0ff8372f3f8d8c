import { nodeIo } from './io'
import { main } from './main'

/**
 * The bundled entry point (`bin/triad.mjs` imports the build of this file): runs `main` on the
 * process's arguments and streams, and sets the exit code.
 */
export async function run(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const code = await main(argv, nodeIo())
  process.exitCode = code
  return code
}
