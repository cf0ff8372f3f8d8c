import Papa from 'papaparse'
import { DataError, located } from '../io/dataError'
import { classLabels, createDataset, type Dataset, type Labels } from './dataset'

/** What a CSV column is for: a model input, the thing to predict, or neither. */
export type ColumnRole = 'feature' | 'label' | 'ignore'

/** How a CSV file becomes a dataset. */
export interface CsvOptions {
  /** Named in every message and used as the dataset's name. */
  readonly fileName?: string
  /**
   * Roles by column name. Columns not listed are features, except that when no column is marked
   * `label`, the label is the first column named label, target, class, y or species (any case),
   * else the last column.
   */
  readonly roles?: Readonly<Record<string, ColumnRole>>
  /**
   * `classes`: one label column of categories (text or integer ids); `targets`: numeric columns
   * for regression; `auto` (default): classes when the single label column holds text or only
   * non-negative integers, targets otherwise.
   */
  readonly labelKind?: 'auto' | 'classes' | 'targets'
  /** Field separator. Default: tab for `.tsv` files, else detected (comma when unsure). */
  readonly delimiter?: string
}

const LABEL_NAMES = ['label', 'target', 'class', 'y', 'species']

/**
 * Reads a CSV table with a header row into a dataset. Categorical labels become class ids in
 * sorted order of their text (as scikit-learn's `LabelEncoder`), the mapping kept as
 * `labels.classNames`. Errors are one line naming the file, the row (the file's line number, the
 * header being row 1, as an editor or a spreadsheet shows it) and the column:
 * `iris.csv: row 7, column 'sepal_width': 'abc' is not a number`,
 * `iris.csv: row 12 has 3 fields, the header has 5`.
 *
 * @example
 * const ds = readCsv(text, { fileName: 'iris.csv', roles: { id: 'ignore', species: 'label' } })
 */
export function readCsv(text: string, options: CsvOptions = {}): Dataset {
  const fileName = options.fileName
  const fail = (message: string) => new DataError(located(fileName, message))
  const delimiter = options.delimiter ?? (fileName?.toLowerCase().endsWith('.tsv') ? '\t' : '')
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    header: false,
    skipEmptyLines: false,
    delimiter,
  })
  const rows = parsed.data
  const lines = lineNumbers(rows)
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes')
  if (quoteError) throw fail(`row ${lines[quoteError.row ?? 0] ?? '?'}: ${quoteError.message.toLowerCase()}`)

  const headerIndex = rows.findIndex((row) => !isBlank(row))
  if (headerIndex < 0) throw fail('the file is empty (expected a header row, then data rows)')
  const header = rows[headerIndex]!.map((name) => name.trim())
  const headerRow = lines[headerIndex]!
  if (header.every((name) => name !== '' && Number.isFinite(Number(name))))
    throw fail(
      `row ${headerRow}: the first row must be a header of column names, found numbers (${header.slice(0, 3).join(', ')}...)`,
    )
  header.forEach((name, c) => {
    if (name === '') throw fail(`row ${headerRow}: column ${c + 1} of the header has no name`)
    if (header.indexOf(name) !== c)
      throw fail(`row ${headerRow}: column '${name}' appears twice in the header`)
  })

  const { features, labels } = assignRoles(header, options.roles, fail)
  const data: { row: number; fields: string[] }[] = []
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const fields = rows[i]!
    if (isBlank(fields)) continue
    if (fields.length !== header.length)
      throw fail(`row ${lines[i]} has ${fields.length} fields, the header has ${header.length}`)
    data.push({ row: lines[i]!, fields })
  }
  if (data.length === 0) throw fail('the file has a header but no data rows')

  const number = (r: number, c: number): number => {
    const { row, fields } = data[r]!
    const raw = fields[c]!.trim()
    const value = raw === '' ? Number.NaN : Number(raw)
    if (!Number.isFinite(value))
      throw fail(
        raw === ''
          ? `row ${row}, column '${header[c]}' is empty`
          : `row ${row}, column '${header[c]}': '${raw}' is not a number`,
      )
    return value
  }
  const x = new Float32Array(data.length * features.length)
  for (let r = 0; r < data.length; r++)
    features.forEach((c, j) => {
      x[r * features.length + j] = number(r, c)
    })

  const y = readLabels(data, labels, header, options.labelKind ?? 'auto', number, fail)
  return createDataset({
    name: fileName ?? 'csv',
    features: x,
    sampleShape: [features.length],
    featureNames: features.map((c) => header[c]!),
    labels: y,
    xName: located(fileName, 'features'),
    yName: located(fileName, 'labels'),
  })
}

function isBlank(row: readonly string[]): boolean {
  return row.length === 1 && row[0]!.trim() === ''
}

/** The 1-based file line on which each parsed row starts (quoted fields may span lines). */
function lineNumbers(rows: readonly string[][]): number[] {
  const out: number[] = []
  let line = 1
  for (const row of rows) {
    out.push(line)
    line += 1
    for (const field of row) for (const ch of field) if (ch === '\n') line++
  }
  return out
}

/** Column indices of the features and of the label(s). */
function assignRoles(
  header: readonly string[],
  roles: Readonly<Record<string, ColumnRole>> | undefined,
  fail: (message: string) => DataError,
): { features: number[]; labels: number[] } {
  const given = roles ?? {}
  for (const [name, role] of Object.entries(given)) {
    if (!header.includes(name))
      throw fail(`column '${name}' (role ${role}) is not in the header (columns: ${header.join(', ')})`)
    if (role !== 'feature' && role !== 'label' && role !== 'ignore')
      throw fail(`column '${name}': role '${String(role)}' is not one of feature, label, ignore`)
  }
  let labels = header.flatMap((name, c) => (given[name] === 'label' ? [c] : []))
  if (labels.length === 0) {
    const free = header.flatMap((name, c) => (given[name] === undefined ? [c] : []))
    const named = free.find((c) => LABEL_NAMES.includes(header[c]!.toLowerCase()))
    const pick = named ?? free[free.length - 1]
    if (pick === undefined) throw fail('no label column: mark one column as label')
    labels = [pick]
  }
  const features = header.flatMap((name, c) => (labels.includes(c) || given[name] === 'ignore' ? [] : [c]))
  if (features.length === 0) throw fail('no feature columns: every column is a label or ignored')
  return { features, labels }
}

/** Numeric-aware order of category texts: numbers by value, then text by code unit. */
function compareCategories(a: string, b: string): number {
  const na = Number(a)
  const nb = Number(b)
  const aNum = a !== '' && Number.isFinite(na)
  const bNum = b !== '' && Number.isFinite(nb)
  if (aNum && bNum) return na - nb
  if (aNum !== bNum) return aNum ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}

function readLabels(
  data: readonly { row: number; fields: string[] }[],
  columns: readonly number[],
  header: readonly string[],
  kind: 'auto' | 'classes' | 'targets',
  number: (r: number, c: number) => number,
  fail: (message: string) => DataError,
): Labels {
  const n = data.length
  if (kind === 'classes' && columns.length > 1)
    throw fail(
      `only one label column can hold classes, found ${columns.length} (${columns.map((c) => header[c]).join(', ')})`,
    )
  const texts = columns.length === 1 ? data.map(({ fields }) => fields[columns[0]!]!.trim()) : []
  const numeric = texts.map((t) => (t === '' ? Number.NaN : Number(t)))
  const allIds = texts.length > 0 && numeric.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 31)
  const anyText = numeric.some((v) => !Number.isFinite(v))
  const asClasses = columns.length === 1 && (kind === 'classes' || (kind === 'auto' && (anyText || allIds)))
  if (!asClasses) {
    const values = new Float32Array(n * columns.length)
    for (let r = 0; r < n; r++)
      columns.forEach((c, j) => {
        values[r * columns.length + j] = number(r, c)
      })
    return { kind: 'targets', values, shape: [columns.length], names: columns.map((c) => header[c]!) }
  }
  if (allIds) {
    return classLabels(Int32Array.from(numeric))
  }
  const empty = texts.indexOf('')
  if (empty >= 0) throw fail(`row ${data[empty]!.row}, column '${header[columns[0]!]}' is empty`)
  const classNames = [...new Set(texts)].sort(compareCategories)
  const index = new Map(classNames.map((name, i) => [name, i]))
  const ids = Int32Array.from(texts, (t) => index.get(t)!)
  return { kind: 'classes', ids, numClasses: classNames.length, classNames }
}
