import { useEffect, useState } from 'react'
import type { TrainingSetup } from '../../graph/document/schema'
import { appStore } from '../store/appStore'
import { changeSetting, DEFAULT_TRAINING, type TrainingSetting } from './trainingSettings'

/**
 * Applies one training setting to the document (one undo step), or returns why its text is not
 * a valid value. A document without a setup gets the defaults first.
 */
export function commitSetting(setting: TrainingSetting, text: string, label: string): string | null {
  const state = appStore.getState()
  const result = changeSetting(state.doc.training ?? DEFAULT_TRAINING, setting, text)
  if ('error' in result) return result.error
  state.apply({ kind: 'setTraining', training: result.setup }, label)
  return null
}

/** The text a setting shows for the document's setup. */
export function settingText(setup: TrainingSetup, setting: TrainingSetting): string {
  switch (setting) {
    case 'optimizer':
      return setup.optimizer.type
    case 'lr':
      return String(setup.optimizer.lr)
    case 'validation_split':
      return String(Math.round(100 * (setup.validation_split ?? 0)))
    case 'seed':
      return String(setup.seed ?? 0)
    default:
      return String(setup[setting])
  }
}

/**
 * A text field for one number of the training setup. It commits on Enter or when it loses focus
 * (one undo step per edit, not per keystroke); a value the setup refuses stays in the field with
 * the reason beside it, and the document keeps its value.
 */
export function SettingField(props: {
  readonly setting: TrainingSetting
  readonly label: string
  readonly value: string
  readonly disabled?: boolean
  readonly hint?: string
}) {
  const { setting, label, value } = props
  const [text, setText] = useState(value)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setText(value)
    setError(null)
  }, [value])
  const commit = () => {
    if (text === value) return
    setError(commitSetting(setting, text, `set ${label.toLowerCase()}`))
  }
  const id = `setting-${setting}`
  return (
    <div className="setting-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        disabled={props.disabled}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : undefined}
        title={props.hint}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit()
          if (e.key === 'Escape') setText(value)
        }}
      />
      {error && (
        <span id={`${id}-error`} className="setting-error" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}
