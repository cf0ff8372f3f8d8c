import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { UsageError } from './errors'

/**
 * Refuses an `--out` that cannot become a directory (an existing file), before any work is done:
 * a run that would fail to save is better refused than trained.
 */
export function checkOutDir(path: string, label: string): void {
  if (existsSync(path) && !statSync(path).isDirectory())
    throw new UsageError(`--out ${label}: a file is in the way; give a directory path`)
}

/**
 * Writes a run's files into `dir` whole or not at all. A new directory is filled under a
 * temporary name beside it and renamed into place, so a crash never leaves a half-written run;
 * into an existing directory each file goes through its own temporary name and rename.
 */
export function writeRunDirectory(dir: string, files: Readonly<Record<string, Uint8Array | string>>): void {
  if (!existsSync(dir)) {
    mkdirSync(dirname(dir), { recursive: true })
    const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}-${Date.now()}`)
    try {
      mkdirSync(tmp)
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(tmp, name), bytes)
      renameSync(tmp, dir)
      return
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true })
      // another process made the directory meanwhile: fall through to per-file replacement
      if (!existsSync(dir)) throw e
    }
  }
  for (const [name, bytes] of Object.entries(files)) writeFileAtomic(join(dir, name), bytes)
}

/** Writes one file through a temporary name and a rename (whole or not at all). */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Date.now()}`)
  try {
    writeFileSync(tmp, bytes)
    renameSync(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
}

/**
 * Refuses an `--out` file path that cannot be written (a directory is in the way), before any
 * work is done; the parent directory is made when it is missing.
 */
export function checkOutFile(path: string, label: string): void {
  if (existsSync(path) && statSync(path).isDirectory())
    throw new UsageError(`--out ${label}: a directory is in the way; give a file path`)
}
