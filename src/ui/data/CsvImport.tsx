import type { CsvSketch, UploadRole } from './readUpload'

const ROLES: readonly { value: UploadRole; label: string }[] = [
  { value: 'feature', label: 'feature' },
  { value: 'category', label: 'feature (categories, one-hot)' },
  { value: 'label', label: 'label' },
  { value: 'ignore', label: 'ignore' },
]

/**
 * The columns of a CSV about to be imported, each with its role, and its first rows: the user
 * checks what the file holds before anything is imported.
 */
export function CsvImport(props: {
  readonly sketch: CsvSketch
  readonly roles: Readonly<Record<string, UploadRole>>
  onRole(column: string, role: UploadRole): void
  onImport(): void
  onCancel(): void
}) {
  const { sketch, roles } = props
  return (
    <fieldset className="csv-import" data-testid="csv-import">
      <legend>Columns of {sketch.fileName}</legend>
      <table className="data-table">
        <thead>
          <tr>
            {sketch.columns.map((c) => (
              <th key={c} scope="col">
                <span>{c}</span>
                <select
                  aria-label={`Role of column ${c}`}
                  value={roles[c] ?? 'feature'}
                  onChange={(e) => props.onRole(c, e.target.value as UploadRole)}
                >
                  {ROLES.map((r) => (
                    <option key={r.value} value={r.value}>
                      {r.label}
                    </option>
                  ))}
                </select>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sketch.rows.map((row, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows of a static preview
            <tr key={r}>
              {sketch.columns.map((c, i) => (
                <td key={c}>{row[i] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="run-buttons">
        <button type="button" className="btn btn-primary" onClick={props.onImport}>
          Import
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </fieldset>
  )
}
