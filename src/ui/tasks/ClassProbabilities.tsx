import { classColor } from './classColors'

/**
 * One prediction as text and bars: the most likely class with its probability (a live region,
 * so a screen reader hears each new answer), then every class's probability.
 */
export function ClassProbabilities({
  probs,
  classNames,
  testId,
}: {
  probs: Float32Array
  classNames?: readonly string[] | undefined
  testId: string
}) {
  const name = (k: number) => classNames?.[k] ?? String(k)
  let best = 0
  for (let k = 1; k < probs.length; k++) if (probs[k]! > probs[best]!) best = k
  return (
    <div className="task-probs">
      <p role="status" data-testid={testId} data-class={best}>
        Prediction: <strong>{name(best)}</strong> ({(100 * probs[best]!).toFixed(1)}%)
      </p>
      <ol aria-label="Class probabilities">
        {Array.from(probs, (p, k) => (
          <li key={name(k)}>
            <span className="task-prob-name">{name(k)}</span>
            <span className="task-prob-bar" aria-hidden="true">
              <span style={{ width: `${(100 * p).toFixed(1)}%`, background: classColor(k) }} />
            </span>
            <span className="task-prob-value">{(100 * p).toFixed(1)}%</span>
          </li>
        ))}
      </ol>
    </div>
  )
}
