import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import { TEMPLATES } from '../../graph/templates'
import { loadTemplate } from '../actions/loadTemplate'
import { appStore } from '../store/appStore'

/** "New from template": a menu button listing the templates with their descriptions. */
export function TemplateMenu() {
  const [open, setOpen] = useState(false)
  const menuId = useId()
  const root = useRef<HTMLDivElement>(null)
  const items = useRef<(HTMLButtonElement | null)[]>([])

  useEffect(() => {
    if (!open) return
    items.current[0]?.focus()
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false)
    }
    window.addEventListener('pointerdown', onPointer)
    return () => window.removeEventListener('pointerdown', onPointer)
  }, [open])

  const choose = (id: string) => {
    setOpen(false)
    loadTemplate(appStore, id)
  }

  const onMenuKey = (e: KeyboardEvent) => {
    const list = items.current.filter((b): b is HTMLButtonElement => b !== null)
    const at = list.indexOf(document.activeElement as HTMLButtonElement)
    if (e.key === 'Escape') {
      setOpen(false)
      root.current?.querySelector<HTMLButtonElement>('button')?.focus()
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      const next = (at + (e.key === 'ArrowDown' ? 1 : -1) + list.length) % list.length
      list[next]?.focus()
    }
  }

  return (
    <div className="menu" ref={root}>
      <button
        type="button"
        className="btn"
        data-testid="template-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
      >
        New from template ▾
      </button>
      {open && (
        <div
          className="menu-list"
          id={menuId}
          role="menu"
          aria-label="Templates"
          tabIndex={-1}
          onKeyDown={onMenuKey}
        >
          {TEMPLATES.map((t, i) => (
            <button
              key={t.id}
              type="button"
              role="menuitem"
              className="menu-item"
              data-testid={`template-${t.id}`}
              ref={(el) => {
                items.current[i] = el
              }}
              onClick={() => choose(t.id)}
            >
              <span className="menu-item-name">{t.name}</span>
              <span className="menu-item-doc">{t.description}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
