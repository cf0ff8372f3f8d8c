import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { toInt64, writeNpy } from '../npy'
import { loadArrays, loadDataset, readArrayFile, writeFileAtomic } from './files'

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))
const scratch = () => mkdtempSync(join(tmpdir(), 'triad-data-'))

describe('loadDataset', () => {
  it('loads built-in datasets by name and CSV files by path', () => {
    expect(loadDataset('spirals', { samples: 40 }).size).toBe(40)
    expect(loadDataset('iris').size).toBe(150)
    const dir = scratch()
    writeFileSync(join(dir, 'd.csv'), 'a,b,label\n1,2,cat\n3,4,dog\n')
    const ds = loadDataset(join(dir, 'd.csv'))
    expect(ds.name).toBe('d.csv')
    expect(ds.labels).toMatchObject({ classNames: ['cat', 'dog'] })
  })

  it('refuses an unknown name and a missing file in one line', () => {
    expect(() => loadDataset('mnsit')).toThrow(
      "unknown dataset 'mnsit' (known: spirals, moons, circles, xor, blobs, sine, iris, mnist; or give a .csv file, or --x x.npy --y y.npy)",
    )
    expect(() => loadDataset('/nowhere/d.csv')).toThrow('/nowhere/d.csv: no such file')
    expect(() => loadDataset(join(FIXTURES, 'f4_2x3.npy'))).toThrow(
      'f4_2x3.npy: a .npy file holds inputs only: pass --x f4_2x3.npy --y labels.npy',
    )
  })

  it('names the file, row and column of a bad CSV read from disk', () => {
    const dir = scratch()
    writeFileSync(join(dir, 'bad.csv'), 'a,b,label\n1,2,0\n1,x,0\n')
    expect(() => loadDataset(join(dir, 'bad.csv'))).toThrow("bad.csv: row 3, column 'b': 'x' is not a number")
  })
})

describe('loadArrays', () => {
  it('pairs x.npy with y.npy and refuses a length mismatch naming both files', () => {
    const dir = scratch()
    writeFileSync(
      join(dir, 'x.npy'),
      writeNpy({ dtype: 'float32', shape: [3, 2], data: new Float32Array(6) }),
    )
    writeFileSync(
      join(dir, 'y.npy'),
      writeNpy({ dtype: 'int64', shape: [3], data: toInt64(new Int32Array([1, 0, 1])) }),
    )
    writeFileSync(
      join(dir, 'short.npy'),
      writeNpy({ dtype: 'int64', shape: [2], data: toInt64(new Int32Array([1, 0])) }),
    )
    const ds = loadArrays(join(dir, 'x.npy'), join(dir, 'y.npy'))
    expect(ds.labels).toMatchObject({ kind: 'classes', numClasses: 2 })
    expect(() => loadArrays(join(dir, 'x.npy'), join(dir, 'short.npy'))).toThrow(
      'x.npy has 3 samples but short.npy has 2: they must have the same length',
    )
  })

  it('refuses an unsupported dtype by file name, and an unknown array format', () => {
    expect(() => readArrayFile(join(FIXTURES, 'bad_c8.npy'))).toThrow(
      "bad_c8.npy: dtype '<c8' is not supported (use float32, float64, int32, int64 or uint8)",
    )
    expect(() => readArrayFile(join(FIXTURES, 'npy.golden.json'))).toThrow(
      'npy.golden.json: unknown array format (use .npy or an IDX file)',
    )
  })
})

describe('writeFileAtomic', () => {
  it('writes the whole file and leaves no temporary file behind', () => {
    const dir = scratch()
    writeFileAtomic(join(dir, 'w.bin'), new Uint8Array([1, 2, 3]))
    expect(Array.from(readFileSync(join(dir, 'w.bin')))).toEqual([1, 2, 3])
    expect(readdirSync(dir)).toEqual(['w.bin'])
  })

  it('leaves nothing behind when the write fails', () => {
    const dir = scratch()
    expect(() => writeFileAtomic(join(dir, 'missing', 'w.bin'), 'x')).toThrow()
    expect(readdirSync(dir)).toEqual([])
  })
})
