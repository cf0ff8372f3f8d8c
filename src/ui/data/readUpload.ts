import Papa from 'papaparse'
import { datasetFromArrays } from '../../engine/data/arrays'
import { type ColumnRole, readCsv } from '../../engine/data/csv'
import type { Dataset } from '../../engine/data/dataset'
import { readNpy } from '../../engine/data/npy'

/**
 * A column's role in the data panel: readCsv's three, plus `category`, a text feature one-hot
 * encoded into one 0/1 column per distinct value (`color=red`, `color=blue`), as
 * `pandas.get_dummies` does.
 */
export type UploadRole = ColumnRole | 'category'

/** What the data panel shows of a CSV before importing it: its columns, a few rows, guessed roles. */
export interface CsvSketch {
  readonly fileName: string
  readonly columns: readonly string[]
  readonly rows: readonly string[][]
  readonly roles: Readonly<Record<string, UploadRole>>
}

const LABEL_NAMES = ['label', 'target', 'class', 'y', 'species']
const SKETCH_ROWS = 5

const isNumber = (text: string) => text.trim() !== '' && Number.isFinite(Number(text))

/**
 * The header and first rows of a CSV, with a role guessed per column: the label is the column
 * named label/target/class/y/species (else the last one), columns with no number in their first
 * rows are categories, the rest features. Nothing is checked here: `importCsv` checks every row.
 */
export function sketchCsv(text: string, fileName: string): CsvSketch {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    preview: SKETCH_ROWS + 1,
    skipEmptyLines: true,
  })
  const [header = [], ...rows] = parsed.data
  const columns = header.map((c) => c.trim())
  const named = columns.findIndex((c) => LABEL_NAMES.includes(c.toLowerCase()))
  const labelIndex = named >= 0 ? named : columns.length - 1
  const roles: Record<string, UploadRole> = {}
  columns.forEach((c, i) => {
    // one number among the first rows makes a numeric column (a typo in it is then reported)
    const text = rows.length > 0 && rows.every((r) => r[i] === undefined || !isNumber(r[i]!))
    roles[c] = i === labelIndex ? 'label' : text ? 'category' : 'feature'
  })
  return { fileName, columns, rows, roles }
}

/**
 * Replaces each `category` column by one 0/1 column per distinct value (sorted), keeping every
 * other field and the row layout, so `readCsv`'s row numbers still point at the user's file.
 */
export function oneHotColumns(
  text: string,
  roles: Readonly<Record<string, UploadRole>>,
): { text: string; roles: Record<string, ColumnRole> } {
  const categories = Object.entries(roles).flatMap(([name, role]) => (role === 'category' ? [name] : []))
  const plain: Record<string, ColumnRole> = {}
  for (const [name, role] of Object.entries(roles)) if (role !== 'category') plain[name] = role
  if (categories.length === 0) return { text, roles: plain }
  const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false }).data
  const headerIndex = rows.findIndex((r) => !(r.length === 1 && r[0]!.trim() === ''))
  const header = (rows[headerIndex] ?? []).map((c) => c.trim())
  const expand = new Map<number, string[]>()
  for (const name of categories) {
    const c = header.indexOf(name)
    if (c < 0) continue
    const values = new Set<string>()
    for (let r = headerIndex + 1; r < rows.length; r++) {
      const field = rows[r]![c]
      if (field !== undefined && rows[r]!.length === header.length) values.add(field.trim())
    }
    const sorted = [...values].sort()
    expand.set(c, sorted)
    for (const v of sorted) plain[`${name}=${v}`] = 'feature'
  }
  const out = rows.map((row, r) => {
    if (r < headerIndex || (row.length === 1 && row[0]!.trim() === '') || row.length !== header.length)
      return row
    return row.flatMap((field, c) => {
      const values = expand.get(c)
      if (!values) return [field]
      return r === headerIndex
        ? values.map((v) => `${header[c]}=${v}`)
        : values.map((v) => (field.trim() === v ? '1' : '0'))
    })
  })
  return { text: Papa.unparse(out, { newline: '\n' }), roles: plain }
}

/**
 * The dataset of a CSV with the roles the user chose. Throws `readCsv`'s one-line error naming
 * the file, the row and the column (`data.csv: row 7, column 'x1': 'abc' is not a number`).
 */
export function importCsv(
  text: string,
  fileName: string,
  roles: Readonly<Record<string, UploadRole>>,
): Dataset {
  const encoded = oneHotColumns(text, roles)
  return readCsv(encoded.text, { fileName, roles: encoded.roles })
}

/**
 * The dataset of an NPY pair: inputs `[n, ...]` and labels `[n]` (integer: classes) or
 * `[n, ...]` (targets). Named after the inputs file.
 */
export function importNpyPair(
  x: { name: string; bytes: Uint8Array },
  y: { name: string; bytes: Uint8Array },
): Dataset {
  return datasetFromArrays(readNpy(x.bytes, x.name), readNpy(y.bytes, y.name), {
    xName: x.name,
    yName: y.name,
  })
}

/** The two `.npy` files as (inputs, labels): the labels file is the one named y/labels/targets, else the second. */
export function orderNpyPair<T extends { name: string }>(files: readonly [T, T]): [T, T] {
  const isLabels = (name: string) => /(^|[^a-z])(y|labels?|targets?|classes)\.npy$/i.test(name)
  return isLabels(files[0].name) && !isLabels(files[1].name) ? [files[1], files[0]] : [files[0], files[1]]
}
