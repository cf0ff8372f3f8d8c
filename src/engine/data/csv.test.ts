import { describe, expect, it } from 'vitest'
import { readCsv } from './csv'

const IRIS = `sepal_length,sepal_width,petal_length,petal_width,species
5.1,3.5,1.4,0.2,setosa
7.0,3.2,4.7,1.4,versicolor
6.3,3.3,6.0,2.5,virginica
4.9,3.0,1.4,0.2,setosa
`

describe('readCsv', () => {
  it('reads features and categorical labels, keeping the class mapping in sorted order', () => {
    const ds = readCsv(IRIS, { fileName: 'iris.csv' })
    expect(ds.name).toBe('iris.csv')
    expect(ds.size).toBe(4)
    expect(ds.sampleShape).toEqual([4])
    expect(ds.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width'])
    expect(Array.from(ds.features.subarray(4, 8))).toEqual([
      7, 3.200000047683716, 4.699999809265137, 1.399999976158142,
    ])
    expect(ds.labels).toEqual({
      kind: 'classes',
      ids: new Int32Array([0, 1, 2, 0]),
      numClasses: 3,
      classNames: ['setosa', 'versicolor', 'virginica'],
    })
  })

  it('applies column roles: ignore an id column, take the label from a named column', () => {
    const text = 'id,label,a,b\n1,1,0.5,2\n2,0,1.5,3\n'
    const ds = readCsv(text, { roles: { id: 'ignore' } })
    expect(ds.featureNames).toEqual(['a', 'b'])
    expect(Array.from(ds.features)).toEqual([0.5, 2, 1.5, 3])
    expect(ds.labels).toEqual({ kind: 'classes', ids: new Int32Array([1, 0]), numClasses: 2 })
    const byRole = readCsv(text, { roles: { a: 'label', label: 'feature', id: 'ignore' } })
    expect(byRole.featureNames).toEqual(['label', 'b'])
    expect(byRole.labels.kind).toBe('targets')
  })

  it('reads float labels and several label columns as regression targets', () => {
    const ds = readCsv('x,y\n0,0.25\n1,-1.5\n', {})
    expect(ds.labels).toEqual({
      kind: 'targets',
      values: new Float32Array([0.25, -1.5]),
      shape: [1],
      names: ['y'],
    })
    const two = readCsv('x,u,v\n1,2,3\n4,5,6\n', { roles: { u: 'label', v: 'label' } })
    expect(two.labels).toEqual({
      kind: 'targets',
      values: new Float32Array([2, 3, 5, 6]),
      shape: [2],
      names: ['u', 'v'],
    })
    const forced = readCsv('x,y\n0,1\n1,2\n', { labelKind: 'targets' })
    expect(forced.labels.kind).toBe('targets')
  })

  it('names the row and column of text in a numeric column, counting the header as row 1', () => {
    const rows = ['a,sepal_width,label', ...Array.from({ length: 5 }, () => '1,2,0'), '1,abc,0', '1,2,1']
    expect(() => readCsv(rows.join('\n'), { fileName: 'iris.csv' })).toThrow(
      "iris.csv: row 7, column 'sepal_width': 'abc' is not a number",
    )
    expect(() => readCsv('a,b\n,1\n', { fileName: 'd.csv' })).toThrow("d.csv: row 2, column 'a' is empty")
    expect(() => readCsv('a,b\n1,\n', { fileName: 'd.csv' })).toThrow("d.csv: row 2, column 'b' is empty")
  })

  it('names a ragged row and both field counts', () => {
    const rows = ['a,b,c,d,label', ...Array.from({ length: 10 }, () => '1,2,3,4,0'), '1,2,3']
    expect(() => readCsv(rows.join('\n'), { fileName: 'x.csv' })).toThrow(
      'x.csv: row 12 has 3 fields, the header has 5',
    )
  })

  it('keeps row numbers equal to file lines across blank lines, CRLF and quoted newlines', () => {
    const text = 'a,note,label\r\n1,"two\r\nlines",0\r\n\r\n2,ok,zz\r\n3,x,y,extra\r\n'
    expect(() => readCsv(text, { fileName: 'n.csv', roles: { note: 'ignore' } })).toThrow(
      'n.csv: row 6 has 4 fields, the header has 3',
    )
  })

  it('refuses an empty file, a header with no data, duplicate or missing names, unknown roles and a missing header', () => {
    expect(() => readCsv('', { fileName: 'e.csv' })).toThrow('e.csv: the file is empty')
    expect(() => readCsv('a,b\n', { fileName: 'e.csv' })).toThrow(
      'e.csv: the file has a header but no data rows',
    )
    expect(() => readCsv('a,a\n1,2\n', { fileName: 'e.csv' })).toThrow(
      "e.csv: row 1: column 'a' appears twice in the header",
    )
    expect(() => readCsv('a,,b\n1,2,3\n', { fileName: 'e.csv' })).toThrow(
      'e.csv: row 1: column 2 of the header has no name',
    )
    expect(() => readCsv('a,b\n1,2\n', { fileName: 'e.csv', roles: { c: 'label' } })).toThrow(
      "e.csv: column 'c' (role label) is not in the header (columns: a, b)",
    )
    expect(() => readCsv('1,2\n3,4\n', { fileName: 'e.csv' })).toThrow(
      'e.csv: row 1: the first row must be a header of column names',
    )
    expect(() => readCsv('a,b\n1,2\n', { roles: { a: 'ignore' } })).toThrow('no feature columns')
    expect(() =>
      readCsv('a,b,c\n1,x,y\n', { roles: { b: 'label', c: 'label' }, labelKind: 'classes' }),
    ).toThrow('only one label column can hold classes, found 2 (b, c)')
  })

  it('names the row of an unterminated quote', () => {
    expect(() => readCsv('a,b\n1,2\n3,"4\n5,6\n', { fileName: 'q.csv' })).toThrow(
      'q.csv: row 3: quoted field unterminated',
    )
  })

  it('detects semicolons and reads tab-separated files by their extension', () => {
    expect(readCsv('a;b;label\n1;2;0\n3;4;1\n').featureNames).toEqual(['a', 'b'])
    expect(readCsv('a\tlabel\n1\t0\n', { fileName: 't.tsv' }).featureNames).toEqual(['a'])
  })
})
