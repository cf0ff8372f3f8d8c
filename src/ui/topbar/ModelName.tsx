import { useState } from 'react'
import { appStore } from '../store/appStore'
import { useApp } from '../store/useApp'

function NameInput({ name }: { name: string }) {
  const [draft, setDraft] = useState(name)
  const commit = (value: string) => {
    const next = value.trim()
    if (next === '' || next === name) {
      setDraft(name)
      return
    }
    appStore.getState().apply({ kind: 'setName', name: next }, 'rename model')
  }
  return (
    <input
      type="text"
      className="model-name"
      aria-label="Model name"
      data-testid="model-name"
      value={draft}
      spellCheck={false}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur()
        if (e.key === 'Escape') {
          setDraft(name)
          e.currentTarget.blur()
        }
      }}
      onBlur={(e) => commit(e.currentTarget.value)}
    />
  )
}

/** The model's name, editable in place. */
export function ModelName() {
  const name = useApp((s) => s.doc.name)
  return <NameInput key={name} name={name} />
}
