import type { EngineClient } from '../../workers/engine/engineClient'
import type { EngineEvent, EngineRequestType, EngineResults, RunStatus } from '../../workers/engine/protocol'

/** A request the fake client received. */
export interface SentRequest {
  readonly type: EngineRequestType
  readonly payload: unknown
}

/**
 * An engine client for tests of the page side: records requests, answers each with `answer`
 * (default: a status in the phase the request leads to), and lets the test push events.
 */
export function fakeEngineClient(
  answer: (type: EngineRequestType, payload: unknown) => unknown = defaultAnswer,
): { client: EngineClient; sent: SentRequest[]; emit(event: EngineEvent): void; disposed(): boolean } {
  const sent: SentRequest[] = []
  const listeners = new Set<(event: EngineEvent) => void>()
  let isDisposed = false
  const client: EngineClient = {
    async request<T extends EngineRequestType>(type: T, ...args: unknown[]) {
      const payload = args[0]
      sent.push({ type, payload })
      const result = answer(type, payload)
      if (result instanceof Error) throw result
      return result as EngineResults[T]
    },
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      isDisposed = true
    },
  }
  return {
    client,
    sent,
    emit: (event) => {
      for (const l of listeners) l(event)
    },
    disposed: () => isDisposed,
  }
}

const PHASE_AFTER: Partial<Record<EngineRequestType, RunStatus['phase']>> = {
  compile: 'ready',
  train: 'training',
  pause: 'paused',
  resume: 'training',
  stop: 'stopped',
  step: 'paused',
}

function defaultAnswer(type: EngineRequestType): unknown {
  const status: RunStatus = {
    phase: PHASE_AFTER[type] ?? 'ready',
    step: 0,
    totalSteps: 100,
    epoch: 0,
    epochs: 4,
  }
  return type === 'compile' ? { status, params: 10 } : status
}
