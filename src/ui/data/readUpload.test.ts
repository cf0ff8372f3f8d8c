import { describe, expect, it } from 'vitest'
import { writeNpy } from '../../engine/data/npy'
import { importCsv, importNpyPair, oneHotColumns, orderNpyPair, sketchCsv } from './readUpload'

const GOOD = 'x0,x1,color,label\n0.1,0.2,red,a\n0.3,0.4,blue,b\n0.5,0.6,red,a\n'

describe('CSV upload', () => {
  it('guesses roles: the named label column, text columns as categories, numbers as features', () => {
    const sketch = sketchCsv(GOOD, 'p.csv')
    expect(sketch.columns).toEqual(['x0', 'x1', 'color', 'label'])
    expect(sketch.roles).toEqual({ x0: 'feature', x1: 'feature', color: 'category', label: 'label' })
    expect(sketch.rows).toHaveLength(3)
    // a typo in a numeric column does not make it a category: the import then names the row
    expect(sketchCsv('a,b,label\n1,2,0\n3,x,1\n', 'typo.csv').roles.b).toBe('feature')
  })

  it('one-hot encodes a category column into one 0/1 feature per value, sorted', () => {
    const data = importCsv(GOOD, 'p.csv', sketchCsv(GOOD, 'p.csv').roles)
    expect(data.featureNames).toEqual(['x0', 'x1', 'color=blue', 'color=red'])
    expect(Array.from(data.features.subarray(0, 4))).toEqual([0.1, 0.2, 0, 1].map(Math.fround))
    expect(data.labels.kind === 'classes' && data.labels.classNames).toEqual(['a', 'b'])
  })

  it('keeps the row numbers of the file in errors after one-hot encoding', () => {
    const bad = 'x0,color,label\n1,red,a\n2,blue,b\n3,red,a\nabc,red,b\n'
    expect(() => importCsv(bad, 'bad.csv', { x0: 'feature', color: 'category', label: 'label' })).toThrow(
      "bad.csv: row 5, column 'x0': 'abc' is not a number",
    )
    expect(oneHotColumns(bad, { x0: 'feature' }).text).toBe(bad)
  })

  it('names the row of a row with the wrong number of fields', () => {
    expect(() => importCsv('a,b,label\n1,2,0\n3,0\n', 'short.csv', {})).toThrow(/row 3 has 2 fields/)
  })

  it('drops ignored columns', () => {
    const data = importCsv(GOOD, 'p.csv', { x1: 'ignore', color: 'ignore', label: 'label' })
    expect(data.sampleShape).toEqual([1])
  })
})

describe('NPY upload', () => {
  it('pairs inputs and integer labels into a classification dataset, whichever order they came in', () => {
    const x = {
      name: 'x.npy',
      bytes: writeNpy({ dtype: 'float32', shape: [3, 2], data: new Float32Array(6) }),
    }
    const y = {
      name: 'y.npy',
      bytes: writeNpy({ dtype: 'int32', shape: [3], data: Int32Array.from([0, 1, 2]) }),
    }
    const [first, second] = orderNpyPair([y, x])
    expect(first.name).toBe('x.npy')
    const data = importNpyPair(first, second)
    expect(data.sampleShape).toEqual([2])
    expect(data.labels.kind === 'classes' && data.labels.numClasses).toBe(3)
  })

  it('says when the pair disagrees in length', () => {
    const x = {
      name: 'x.npy',
      bytes: writeNpy({ dtype: 'float32', shape: [3, 2], data: new Float32Array(6) }),
    }
    const y = {
      name: 'y.npy',
      bytes: writeNpy({ dtype: 'int32', shape: [2], data: Int32Array.from([0, 1]) }),
    }
    expect(() => importNpyPair(x, y)).toThrow(/x.npy has 3 samples but y.npy has 2/)
  })
})
