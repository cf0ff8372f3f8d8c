import { type RefObject, useEffect, useRef, useState } from 'react'
import type { MonacoCallbacks, MonacoController, MonacoViewState } from './monacoController'

/**
 * Mounts a Monaco editor in `container` (Monaco is loaded on first use, in its own chunk) and
 * keeps it showing `state`. Callbacks may change between renders without re-creating the editor.
 * @returns whether the editor is ready.
 */
export function useMonacoController(
  container: RefObject<HTMLElement | null>,
  state: MonacoViewState,
  callbacks: MonacoCallbacks,
): boolean {
  const controller = useRef<MonacoController | null>(null)
  const latest = useRef({ state, callbacks })
  latest.current = { state, callbacks }
  const [ready, setReady] = useState(false)

  useEffect(() => {
    let disposed = false
    void Promise.all([import('./monacoSetup'), import('./monacoController')]).then(([setup, ctl]) => {
      const el = container.current
      if (disposed || !el) return
      controller.current = ctl.createMonacoController(setup.monaco, el, {
        onEdit: (text) => latest.current.callbacks.onEdit(text),
        onCursorNode: (id) => latest.current.callbacks.onCursorNode(id),
      })
      controller.current.update(latest.current.state)
      setReady(true)
    })
    return () => {
      disposed = true
      controller.current?.destroy()
      controller.current = null
    }
  }, [container])

  useEffect(() => {
    controller.current?.update(state)
  }, [state])

  return ready
}
