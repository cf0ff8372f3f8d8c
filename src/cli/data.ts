import { extname, resolve } from 'node:path'
import type { Dataset } from '../engine/data/dataset'
import { loadArrays, loadDataset } from '../engine/data/node/files'
import { UsageError } from './errors'

/** Where a command's data comes from: `--data <name|file.csv>` or `--x x.npy --y y.npy`. */
export interface DataSource {
  readonly data?: string
  readonly x?: string
  readonly y?: string
}

/**
 * Loads the dataset a command names. A built-in name (`spirals`, `mnist`) or a table file goes
 * through `--data`; arrays through `--x` and `--y` together. Bad files are one-line `DataError`s
 * from the readers (file, row, column); a missing or doubled source is a `UsageError`.
 */
export function loadData(source: DataSource, cwd: string, command: string): Dataset {
  const { data, x, y } = source
  if (data !== undefined && (x !== undefined || y !== undefined))
    throw new UsageError('give --data or --x/--y, not both')
  if (x !== undefined || y !== undefined) {
    if (x === undefined || y === undefined)
      throw new UsageError(`--x and --y go together: pass both (inputs and labels, e.g. --x x.npy --y y.npy)`)
    return loadArrays(resolve(cwd, x), resolve(cwd, y))
  }
  if (data === undefined)
    throw new UsageError(
      `no data: pass --data <name|file.csv> or --x x.npy --y y.npy (see triad ${command} --help)`,
    )
  // a bare name is a built-in dataset; anything with an extension is a file relative to cwd
  return loadDataset(extname(data) === '' ? data : resolve(cwd, data))
}
