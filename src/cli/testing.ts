import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { memoryIo } from './io'
import { main } from './main'

/** What a CLI run in-process gave: exit code, output, and the JSON summary (stdout's last line). */
export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  readonly summary: Record<string, unknown> | undefined
}

/** Runs `triad <argv>` in-process in `cwd`, output captured. */
export async function runCli(argv: readonly string[], cwd: string): Promise<CliRun> {
  const io = memoryIo(cwd)
  const code = await main(argv, io)
  const last = io.stdout().trimEnd().split('\n').at(-1) ?? ''
  let summary: Record<string, unknown> | undefined
  try {
    summary = last.startsWith('{') ? (JSON.parse(last) as Record<string, unknown>) : undefined
  } catch {
    summary = undefined
  }
  return { code, stdout: io.stdout(), stderr: io.stderr(), summary }
}

/** A fresh temporary directory, and a function that removes it. */
export function tempDir(prefix = 'triad-cli-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * A `.npy` file's bytes with any `descr` (also ones Triad refuses, such as `<c8`), for tests of
 * the readers' errors.
 */
export function npyBytes(descr: string, shape: readonly number[], payload: Uint8Array): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ')
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`
  const total = 10 + header.length + 1
  header += `${' '.repeat((64 - (total % 64)) % 64)}\n`
  const bytes = new Uint8Array(10 + header.length + payload.length)
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8])
  bytes.set(new TextEncoder().encode(header), 10)
  bytes.set(payload, 10 + header.length)
  return bytes
}
