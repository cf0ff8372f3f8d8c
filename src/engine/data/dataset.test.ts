import { describe, expect, it } from 'vitest'
import { datasetFromArrays } from './arrays'
import { builtinDataset, DATASET_NAMES } from './builtin'
import { checkDataShape, checkLabelShape } from './checkShape'
import { createDataset, selectRows } from './dataset'
import { iris } from './iris'

describe('createDataset', () => {
  it('refuses x and y of different lengths in one line naming both', () => {
    expect(() =>
      createDataset({
        name: 'd',
        features: new Float32Array(8),
        sampleShape: [2],
        labels: { kind: 'classes', ids: new Int32Array(3), numClasses: 2 },
      }),
    ).toThrow('x has 4 samples but y has 3: they must have the same length')
  })

  it('refuses a class id outside 0..numClasses-1, naming its row', () => {
    expect(() =>
      createDataset({
        name: 'd',
        features: new Float32Array(3),
        sampleShape: [1],
        labels: { kind: 'classes', ids: new Int32Array([0, 2, 1]), numClasses: 2 },
      }),
    ).toThrow('y: class id 2 at row 1 is outside 0..1')
  })

  it('selectRows copies the chosen rows and their labels in order', () => {
    const ds = createDataset({
      name: 'd',
      features: new Float32Array([0, 0, 1, 1, 2, 2]),
      sampleShape: [2],
      labels: { kind: 'classes', ids: new Int32Array([5, 6, 7]), numClasses: 8 },
    })
    const picked = selectRows(ds, [2, 0])
    expect(Array.from(picked.features)).toEqual([2, 2, 0, 0])
    expect(picked.labels).toMatchObject({ ids: new Int32Array([7, 5]), numClasses: 8 })
    expect(picked.size).toBe(2)
  })
})

describe('datasetFromArrays', () => {
  it('reads integer 1-D y as class ids and float y as targets', () => {
    const x = { dtype: 'float64', shape: [3, 2], data: new Float64Array([1, 2, 3, 4, 5, 6]) } as const
    const ids = datasetFromArrays(x, { dtype: 'int64', shape: [3], data: new BigInt64Array([0n, 2n, 1n]) })
    expect(ids.labels).toEqual({ kind: 'classes', ids: new Int32Array([0, 2, 1]), numClasses: 3 })
    expect(ids.features).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]))
    const targets = datasetFromArrays(x, {
      dtype: 'float32',
      shape: [3],
      data: new Float32Array([0.5, 1, 2]),
    })
    expect(targets.labels).toMatchObject({ kind: 'targets', shape: [1] })
  })

  it('refuses a length mismatch naming both files and lengths', () => {
    const x = { dtype: 'float32', shape: [100, 4], data: new Float32Array(400) } as const
    const y = { dtype: 'int64', shape: [99], data: new BigInt64Array(99) } as const
    expect(() => datasetFromArrays(x, y, { xName: 'x.npy', yName: 'y.npy' })).toThrow(
      'x.npy has 100 samples but y.npy has 99: they must have the same length',
    )
  })

  it('refuses negative class ids and int64 ids beyond int32', () => {
    const x = { dtype: 'float32', shape: [2, 1], data: new Float32Array(2) } as const
    expect(() =>
      datasetFromArrays(x, { dtype: 'int32', shape: [2], data: new Int32Array([0, -1]) }, { yName: 'y.npy' }),
    ).toThrow('y.npy: class id -1 at row 1 is negative (class ids start at 0)')
    expect(() =>
      datasetFromArrays(
        x,
        { dtype: 'int64', shape: [2], data: new BigInt64Array([0n, 2n ** 40n]) },
        { yName: 'y.npy' },
      ),
    ).toThrow('y.npy: element 1 is 1099511627776, not an int32 integer.')
  })
})

describe('checkDataShape and checkLabelShape', () => {
  it('says nothing when the sample fits the input, and gives the fix when it does not', () => {
    expect(checkDataShape([4], [4])).toBeNull()
    expect(checkDataShape([4], [2])).toBe(
      'data rows have 4 features but the model input is [2]: set the Input shape to [4]',
    )
    expect(checkDataShape([1, 28, 28], [784])).toBe(
      'data samples have shape [1, 28, 28] but the model input is [784]: set the Input shape to [1, 28, 28]',
    )
  })

  it('checks class counts against logits and targets against the output shape', () => {
    const classes = { kind: 'classes', ids: new Int32Array([0, 2]), numClasses: 3 } as const
    expect(checkLabelShape(classes, [3])).toBeNull()
    expect(checkLabelShape(classes, [2])).toBe(
      'labels have 3 classes but the model output is [2]: make the last layer output 3 values (e.g. Dense out_features=3)',
    )
    expect(checkLabelShape({ ...classes, numClasses: 2 }, [1])).toBeNull()
    const targets = { kind: 'targets', values: new Float32Array(2), shape: [1] } as const
    expect(checkLabelShape(targets, [1])).toBeNull()
    expect(checkLabelShape(targets, [2])).toBe(
      'targets have shape [1] but the model output is [2]: make the last layer output [1]',
    )
  })
})

describe('built-in datasets', () => {
  it('Iris has 150 rows of 4 features and 50 flowers of each of 3 species', () => {
    const ds = iris()
    expect(ds.size).toBe(150)
    expect(ds.sampleShape).toEqual([4])
    expect(Array.from(ds.features.subarray(0, 4))).toEqual([
      5.099999904632568, 3.5, 1.399999976158142, 0.20000000298023224,
    ])
    if (ds.labels.kind !== 'classes') throw new Error('expected classes')
    expect(ds.labels.classNames).toEqual(['setosa', 'versicolor', 'virginica'])
    expect(
      [0, 1, 2].map((c) => ds.labels.kind === 'classes' && ds.labels.ids.filter((id) => id === c).length),
    ).toEqual([50, 50, 50])
  })

  it('knows every name, and refuses an unknown one listing the known ones', () => {
    for (const name of DATASET_NAMES.filter((n) => n !== 'mnist'))
      expect(builtinDataset(name).size).toBeGreaterThan(0)
    expect(() => builtinDataset('spiral')).toThrow(
      "unknown dataset 'spiral' (known: spirals, moons, circles, xor, blobs, sine, iris, mnist; or give a .csv file)",
    )
    expect(() => builtinDataset('mnist')).toThrow('mnist: no source for its files was given')
  })
})
