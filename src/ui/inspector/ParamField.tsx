import { type KeyboardEvent, type ReactNode, useId, useState } from 'react'
import type { ParamSpec, ParamValue } from '../../graph/layers/params'
import { paramText, parseParamText } from './paramText'

interface ParamFieldProps {
  name: string
  spec: ParamSpec
  /** The node's value (the default when the param is absent). */
  value: ParamValue
  /** Whether the document sets the param explicitly. */
  isSet: boolean
  onCommit(value: ParamValue): void
}

function hint(spec: ParamSpec): string | null {
  switch (spec.kind) {
    case 'intOrTuple':
      return `one number or ${spec.length}, e.g. 3 or 3, 5`
    case 'intList':
      return spec.default === null
        ? 'numbers separated by commas; empty for None'
        : 'numbers separated by commas'
    case 'optionalFloat':
    case 'optionalInt':
      return 'empty for None'
    default:
      return null
  }
}

/**
 * One param of the inspector form, generated from its spec: a number field, a checkbox, a select
 * or a text field for tuples and lists. Text is parsed on Enter or blur; invalid text is shown
 * inline and never applied. The label is the param's PyTorch name.
 */
export function ParamField({ name, spec, value, isSet, onCommit }: ParamFieldProps) {
  const id = useId()
  const helpId = `${id}-help`
  const errorId = `${id}-error`
  const [draft, setDraft] = useState(() => paramText(value))
  const [error, setError] = useState<string | null>(null)
  const testId = `inspector.param.${name}`

  const commit = (text: string) => {
    const parsed = parseParamText(spec, text)
    if (!parsed.ok) {
      setError(parsed.error)
      return
    }
    setError(null)
    onCommit(parsed.value)
  }
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit(e.currentTarget.value)
    if (e.key === 'Escape') {
      setDraft(paramText(value))
      setError(null)
    }
  }
  const described = error ? `${helpId} ${errorId}` : helpId
  const extra = hint(spec)

  let control: ReactNode
  if (spec.kind === 'bool') {
    control = (
      <input
        id={id}
        type="checkbox"
        data-testid={testId}
        checked={value === true}
        aria-describedby={described}
        onChange={(e) => onCommit(e.target.checked)}
      />
    )
  } else if (spec.kind === 'choice') {
    control = (
      <select
        id={id}
        data-testid={testId}
        value={String(value)}
        aria-describedby={described}
        onChange={(e) => onCommit(e.target.value)}
      >
        {spec.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    )
  } else {
    const numeric = spec.kind === 'int' || spec.kind === 'float'
    control = (
      <input
        id={id}
        type={numeric ? 'number' : 'text'}
        inputMode={numeric ? 'decimal' : undefined}
        step={spec.kind === 'int' ? 1 : numeric ? 'any' : undefined}
        min={numeric ? spec.min : undefined}
        max={numeric ? spec.max : undefined}
        data-testid={testId}
        value={draft}
        placeholder={
          spec.kind === 'optionalFloat' || spec.kind === 'optionalInt' || value === null ? 'None' : undefined
        }
        aria-invalid={error !== null}
        aria-describedby={described}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          setDraft(e.target.value)
          if (error) setError(null)
        }}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          if (e.currentTarget.value !== paramText(value)) commit(e.currentTarget.value)
        }}
      />
    )
  }

  return (
    <div className={`param-field kind-${spec.kind}${error ? ' has-error' : ''}`}>
      <div className="param-label-row">
        <label htmlFor={id} className="param-label">
          {name}
        </label>
        {spec.inferredFromInput && (
          <span className="param-tag" title="Set from the incoming shape when an edge is connected">
            from input
          </span>
        )}
        {!isSet && !spec.required && <span className="param-tag is-default">default</span>}
      </div>
      {control}
      <p id={helpId} className="param-help">
        {spec.doc}
        {extra && <span className="param-hint"> ({extra})</span>}
      </p>
      {error && (
        <p id={errorId} className="param-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
