import { describe, expect, it } from 'vitest'
import { createDataset, type Dataset } from './dataset'
import { DataLoader } from './loader'
import { randomSplit, splitLengths, trainValidationSplit } from './split'

/** n rows whose single feature and label are the row number: batches show which rows they hold. */
function numbered(n: number): Dataset {
  return createDataset({
    name: 'rows',
    features: Float32Array.from({ length: 2 * n }, (_, i) => Math.floor(i / 2)),
    sampleShape: [2],
    labels: { kind: 'targets', values: Float32Array.from({ length: n }, (_, i) => i), shape: [1] },
  })
}

describe('DataLoader', () => {
  it('without shuffle, batch k of every epoch is rows k*B..k*B+B-1, the last one partial', () => {
    const loader = new DataLoader(numbered(10), { batchSize: 4 })
    expect(loader.length).toBe(3)
    for (const epoch of [0, 1, 5]) {
      const batches = [...loader.epoch(epoch)]
      expect(batches.map((b) => Array.from(b.indices))).toEqual([
        [0, 1, 2, 3],
        [4, 5, 6, 7],
        [8, 9],
      ])
      expect(batches[1]!.xShape).toEqual([4, 2])
      expect(Array.from(batches[1]!.x)).toEqual([4, 4, 5, 5, 6, 6, 7, 7])
      expect(Array.from(batches[2]!.y)).toEqual([8, 9])
      expect(batches[2]!.yShape).toEqual([2, 1])
    }
  })

  it('drops the last partial batch with dropLast, and has no batch when the data is smaller than one', () => {
    const loader = new DataLoader(numbered(10), { batchSize: 4, dropLast: true })
    expect(loader.length).toBe(2)
    expect([...loader.epoch(0)].map((b) => b.indices.length)).toEqual([4, 4])
    expect(new DataLoader(numbered(3), { batchSize: 4, dropLast: true }).length).toBe(0)
    expect(new DataLoader(numbered(3)).length).toBe(3)
  })

  it('with shuffle, each epoch is a seeded permutation: reproducible, different per epoch, every row once', () => {
    const a = new DataLoader(numbered(50), { batchSize: 8, shuffle: true, seed: 1 })
    const b = new DataLoader(numbered(50), { batchSize: 8, shuffle: true, seed: 1 })
    const c = new DataLoader(numbered(50), { batchSize: 8, shuffle: true, seed: 2 })
    const rows = (l: DataLoader, e: number) => [...l.epoch(e)].flatMap((x) => Array.from(x.indices))
    expect(rows(a, 0)).toEqual(rows(b, 0))
    expect(rows(a, 3)).toEqual(rows(b, 3))
    expect(rows(a, 0)).not.toEqual(rows(a, 1))
    expect(rows(a, 0)).not.toEqual(rows(c, 0))
    expect([...rows(a, 2)].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    // Random access to a batch agrees with iteration (a resumed run sees the same batches).
    expect(Array.from(b.batch(3, 2).indices)).toEqual(rows(a, 3).slice(16, 24))
  })

  it('gathers class labels as int32 ids', () => {
    const ds = createDataset({
      name: 'c',
      features: new Float32Array([0, 1, 2]),
      sampleShape: [1],
      labels: { kind: 'classes', ids: new Int32Array([2, 0, 1]), numClasses: 3 },
    })
    const batch = new DataLoader(ds, { batchSize: 2 }).batch(0, 1)
    expect(batch.y).toEqual(new Int32Array([1]))
    expect(batch.yShape).toEqual([1])
  })

  it('refuses a bad batch size and a batch index past the epoch', () => {
    expect(() => new DataLoader(numbered(4), { batchSize: 0 })).toThrow(
      'batch size must be a positive integer, got 0',
    )
    expect(() => new DataLoader(numbered(4), { batchSize: 2 }).batch(0, 2)).toThrow(
      'batch 2 does not exist: an epoch has 2 batches',
    )
  })
})

describe('splits', () => {
  it('computes lengths as torch.utils.data.random_split does', () => {
    expect(splitLengths(10000, [0.8, 0.2])).toEqual([8000, 2000])
    expect(splitLengths(11, [0.5, 0.5])).toEqual([6, 5])
    expect(splitLengths(10, [0.3, 0.3, 0.4])).toEqual([3, 3, 4])
    expect(splitLengths(7, [0.1, 0.1, 0.8])).toEqual([1, 1, 5])
    expect(splitLengths(10, [7, 3])).toEqual([7, 3])
    expect(() => splitLengths(10, [7, 4])).toThrow(
      'must be fractions adding up to 1 or counts adding up to 10',
    )
  })

  it('randomSplit is a seeded partition: disjoint, complete, reproducible', () => {
    const ds = numbered(100)
    const [a, b] = randomSplit(ds, [0.7, 0.3], 5) as [Dataset, Dataset]
    const [a2] = randomSplit(ds, [0.7, 0.3], 5) as [Dataset]
    const [a3] = randomSplit(ds, [0.7, 0.3], 6) as [Dataset]
    expect([a.size, b.size]).toEqual([70, 30])
    const rowsOf = (d: Dataset) => Array.from({ length: d.size }, (_, i) => d.features[2 * i]!)
    expect([...rowsOf(a), ...rowsOf(b)].sort((x, y) => x - y)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    )
    expect(rowsOf(a2)).toEqual(rowsOf(a))
    expect(rowsOf(a3)).not.toEqual(rowsOf(a))
  })

  it('trainValidationSplit holds out a random fraction, or the last rows in tail mode', () => {
    const ds = numbered(10)
    const random = trainValidationSplit(ds, { validation: 0.2, seed: 0 })
    expect([random.train.size, random.validation.size]).toEqual([8, 2])
    const tail = trainValidationSplit(ds, { validation: 0.25, mode: 'tail' })
    expect(Array.from(tail.validation.features)).toEqual([7, 7, 8, 8, 9, 9])
    expect(tail.train.size).toBe(7)
    expect(() => trainValidationSplit(ds, { validation: 1 })).toThrow(
      'validation split must be in [0, 1), got 1',
    )
  })
})
