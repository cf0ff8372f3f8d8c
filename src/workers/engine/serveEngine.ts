import type { EngineEvent, EngineMessage, EngineRequest, EngineResponse, EngineResults } from './protocol'
import type { TrainingSession } from './session'
import { type EnginePort, type PortEvent, transferablesOf } from './transport'

/** Answers one request from the session; a thrown error becomes `ok: false` with its message. */
export async function answerRequest(
  session: TrainingSession,
  request: EngineRequest,
): Promise<EngineResponse> {
  const { id } = request
  try {
    return { id, ok: true, result: await resultOf(session, request) }
  } catch (e) {
    return { id, ok: false, error: e instanceof Error ? e.message : String(e) }
  }
}

function resultOf(session: TrainingSession, r: EngineRequest): Promise<EngineResults[EngineRequest['type']]> {
  switch (r.type) {
    case 'compile':
      return session.compile(r.document, r.options)
    case 'train':
      return session.train()
    case 'pause':
      return session.pause()
    case 'resume':
      return session.resume()
    case 'stop':
      return session.stop()
    case 'step':
      return session.step(r.count ?? 1)
    case 'predict':
      return session.predict(r.input, r.rows)
    case 'getWeights':
      return session.getWeights()
    case 'setWeights':
      return session.setWeights(r.weights)
    case 'checkpoint':
      return session.checkpoint()
    case 'restore':
      return session.restore(r.checkpoint)
    case 'loseDevice':
      return Promise.resolve(session.loseDevice())
  }
}

function isRequest(data: unknown): data is EngineRequest {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { id?: unknown }).id === 'number' &&
    typeof (data as { type?: unknown }).type === 'string'
  )
}

/**
 * The worker's request loop on `port`: requests are answered one at a time, in the order they
 * came (a `train` that answers once started lets `pause` in behind it; a `step` answers when its
 * steps are done). Responses move their arrays (the session hands out copies); events are
 * posted as the session emits them. Returns a function that detaches the loop.
 */
export function serveEngine(port: EnginePort, session: TrainingSession): () => void {
  let queue: Promise<void> = Promise.resolve()
  const post = (message: EngineMessage) => {
    port.postMessage(message, message.kind === 'response' ? transferablesOf(message) : [])
  }
  const onMessage = (event: PortEvent) => {
    const request = event.data
    if (!isRequest(request)) return
    queue = queue.then(async () => {
      const response = await answerRequest(session, request)
      try {
        post({ kind: 'response', ...response })
      } catch (e) {
        post({
          kind: 'response',
          id: request.id,
          ok: false,
          error: `the answer could not be sent: ${String(e)}`,
        })
      }
    })
  }
  port.addEventListener('message', onMessage)
  port.start?.()
  return () => port.removeEventListener('message', onMessage)
}

/** The events a session emits, posted on `port` (the session's `emit`). */
export function eventPoster(port: EnginePort): (event: EngineEvent) => void {
  return (event) => port.postMessage({ kind: 'event', ...event } satisfies EngineMessage, [])
}
