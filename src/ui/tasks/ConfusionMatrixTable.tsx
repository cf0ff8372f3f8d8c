import { type ConfusionMatrix, cell, largestCount } from './confusion'

/**
 * The confusion matrix as a table: rows are the true classes, columns the predicted ones, each
 * cell's count shaded by size (the diagonal in green, mistakes in red) and named for screen
 * readers ("true 3, predicted 5: 12").
 */
export function ConfusionMatrixTable({
  matrix,
  classNames,
  step,
}: {
  matrix: ConfusionMatrix
  classNames?: readonly string[] | undefined
  step: number
}) {
  const n = matrix.numClasses
  const name = (k: number) => classNames?.[k] ?? String(k)
  const max = Math.max(1, largestCount(matrix))
  const classes = Array.from({ length: n }, (_, k) => k)
  const accuracy = matrix.total > 0 ? (100 * matrix.correct) / matrix.total : 0
  return (
    <table
      className="task-confusion"
      data-testid="confusion-matrix"
      data-total={matrix.total}
      data-correct={matrix.correct}
    >
      <caption>
        Confusion matrix at step {step}: {matrix.correct} of {matrix.total} held-out samples right (
        {accuracy.toFixed(1)}%). Rows: true class; columns: predicted.
      </caption>
      <thead>
        <tr>
          <th scope="col">true \ predicted</th>
          {classes.map((p) => (
            <th key={p} scope="col">
              {name(p)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {classes.map((t) => (
          <tr key={t}>
            <th scope="row">{name(t)}</th>
            {classes.map((p) => {
              const count = cell(matrix, t, p)
              const alpha = count === 0 ? 0 : 0.15 + (0.75 * count) / max
              const hue = t === p ? '72, 194, 106' : '240, 96, 90'
              return (
                <td
                  key={p}
                  data-testid={`confusion-cell-${t}-${p}`}
                  aria-label={`true ${name(t)}, predicted ${name(p)}: ${count}`}
                  style={{ background: `rgba(${hue}, ${alpha.toFixed(3)})` }}
                >
                  {count}
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
