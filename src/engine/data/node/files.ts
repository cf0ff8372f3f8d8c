import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DataError } from '../../io/dataError'
import type { HostArray } from '../../io/hostArray'
import { datasetFromArrays } from '../arrays'
import { type BuiltinOptions, builtinDataset, DATASET_NAMES, isDatasetName } from '../builtin'
import { type CsvOptions, readCsv } from '../csv'
import type { Dataset } from '../dataset'
import { readIdx } from '../idx'
import { MNIST_FILES, type MnistFiles } from '../mnist'
import { readNpy } from '../npy'

/**
 * Node adapters of the data pipeline, for the `triad` CLI and tests: read files from disk and
 * hand their bytes to the pure readers. Messages name files by their base name, as the user typed
 * them on the command line.
 */

function readBytes(path: string): Uint8Array {
  if (!existsSync(path)) throw new DataError(`${path}: no such file`)
  return new Uint8Array(readFileSync(path))
}

/** Reads an array file: `.npy`, or IDX (`.idx`, `*-ubyte`, `*.idx3-ubyte` ...). */
export function readArrayFile(path: string): HostArray {
  const name = basename(path)
  const bytes = readBytes(path)
  if (extname(name).toLowerCase() === '.npy') return readNpy(bytes, name)
  if (/\.idx\d?$|-ubyte$|\.idx\d-ubyte$/i.test(name)) return readIdx(bytes, name)
  throw new DataError(`${name}: unknown array format (use .npy or an IDX file)`)
}

/** A dataset from `--x x.npy --y y.npy` (or IDX files). */
export function loadArrays(xPath: string, yPath: string): Dataset {
  return datasetFromArrays(readArrayFile(xPath), readArrayFile(yPath), {
    xName: basename(xPath),
    yName: basename(yPath),
  })
}

/** A dataset from a table file (`.csv`, `.tsv`). */
export function readDatasetFile(path: string, options: Omit<CsvOptions, 'fileName'> = {}): Dataset {
  const name = basename(path)
  const ext = extname(name).toLowerCase()
  if (ext === '.npy')
    throw new DataError(`${name}: a .npy file holds inputs only: pass --x ${name} --y labels.npy`)
  if (ext !== '.csv' && ext !== '.tsv')
    throw new DataError(`${name}: unknown data file type (use .csv or .tsv)`)
  const text = new TextDecoder().decode(readBytes(path))
  return readCsv(text, { ...options, fileName: name })
}

/**
 * Where `scripts/buildMnist.mjs` put MNIST: `dir` if given, else `$TRIAD_DATA_DIR`, else
 * `data/generated` under the working directory, else under the repository this file is in.
 */
export function mnistDirectory(dir?: string): string {
  const candidates = [
    dir,
    process.env.TRIAD_DATA_DIR,
    resolve('data', 'generated'),
    join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'data', 'generated'),
  ]
  for (const c of candidates) if (c && existsSync(join(c, MNIST_FILES.images))) return c
  throw new DataError('mnist: data/generated/ has no MNIST files yet: run `npm run data` (it takes a second)')
}

/** MNIST's two IDX files, read from `mnistDirectory(dir)`. */
export function readMnistFiles(dir?: string): MnistFiles {
  const at = mnistDirectory(dir)
  return { images: readBytes(join(at, MNIST_FILES.images)), labels: readBytes(join(at, MNIST_FILES.labels)) }
}

/**
 * The dataset behind `--data`: a built-in name (`spirals`, `mnist`, ...) or a path to a `.csv`
 * file. Anything else is one line listing what is known.
 */
export function loadDataset(
  nameOrPath: string,
  options: BuiltinOptions & Omit<CsvOptions, 'fileName'> = {},
): Dataset {
  if (isDatasetName(nameOrPath)) return builtinDataset(nameOrPath, options, { mnist: () => readMnistFiles() })
  const ext = extname(nameOrPath).toLowerCase()
  if (ext === '.csv' || ext === '.tsv' || ext === '.npy') return readDatasetFile(nameOrPath, options)
  throw new DataError(
    `unknown dataset '${nameOrPath}' (known: ${DATASET_NAMES.join(', ')}; or give a .csv file, or --x x.npy --y y.npy)`,
  )
}

/**
 * Writes a file whole or not at all: the bytes go to a temporary file beside it, which is then
 * renamed over the target (a crash or a full disk never leaves a half-written output).
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`
  try {
    writeFileSync(tmp, bytes)
    renameSync(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
}
