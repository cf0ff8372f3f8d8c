import { createContext, useContext } from 'react'
import type { Session } from './session'

/** The running session (code sync, trace worker), provided by `main.tsx`. */
export const SessionContext = createContext<Session | null>(null)

/** The running session; components below the provider only. */
export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession needs a SessionContext provider')
  return session
}
