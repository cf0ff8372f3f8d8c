import { useEffect, useRef } from 'react'
import { useApp } from '../store/useApp'
import { createRefreshLoop } from './refreshLoop'

/**
 * Runs `refresh` while the run trains (every `intervalMs`), when it settles, and when a new
 * validation result arrives (an epoch ended). The latest `refresh` is always the one called.
 */
export function useRefreshLoop(refresh: () => Promise<void>, intervalMs: number, enabled: boolean): void {
  const latest = useRef(refresh)
  latest.current = refresh
  const phase = useApp((s) => s.run.status?.phase)
  const validations = useApp((s) => s.run.validation.length)
  const phaseNow = useRef(phase)
  phaseNow.current = phase
  const loop = useRef<ReturnType<typeof createRefreshLoop> | null>(null)
  useEffect(() => {
    if (!enabled) return
    const l = createRefreshLoop(() => latest.current(), intervalMs)
    loop.current = l
    l.update(phaseNow.current)
    return () => {
      l.destroy()
      loop.current = null
    }
  }, [intervalMs, enabled])
  useEffect(() => {
    loop.current?.update(phase)
  }, [phase])
  useEffect(() => {
    if (validations > 0 && phase === 'training') loop.current?.trigger()
  }, [validations, phase])
}
