import type { EngineEvent, MetricsEvent } from '../../workers/engine/protocol'

/** How often the page folds metrics into the store (and so redraws the panel and the curve): 5 Hz. */
export const RENDER_INTERVAL_MS = 200

/** Merges metrics events in arrival order: points concatenated, the latest speed and status kept. */
export function mergeMetrics(events: readonly MetricsEvent[]): MetricsEvent {
  const last = events.at(-1)!
  return {
    type: 'metrics',
    train: events.flatMap((e) => e.train),
    validation: events.flatMap((e) => e.validation),
    stepsPerSecond: last.stepsPerSecond,
    ...(events.findLast((e) => e.status)?.status ? { status: events.findLast((e) => e.status)!.status } : {}),
  }
}

/**
 * Batches the worker's metrics events (~20 Hz) into one store update every `intervalMs`, so the
 * page renders the panel and the curve at 5 Hz however fast the worker streams: each render is a
 * frame of layout, paint and canvas work on the main thread. A status event (a phase change) goes
 * through at once, after the metrics before it.
 */
export function createMetricsBatcher(
  apply: (event: EngineEvent, received: number) => void,
  intervalMs = RENDER_INTERVAL_MS,
  schedule: (run: () => void, ms: number) => unknown = setTimeout,
): { push(event: EngineEvent): void; flush(): void } {
  let pending: MetricsEvent[] = []
  let scheduled = false
  const flush = () => {
    scheduled = false
    if (pending.length === 0) return
    const events = pending
    pending = []
    apply(mergeMetrics(events), events.length)
  }
  return {
    push(event) {
      if (event.type === 'status') {
        flush()
        apply(event, 1)
        return
      }
      pending.push(event)
      if (!scheduled) {
        scheduled = true
        schedule(flush, intervalMs)
      }
    },
    flush,
  }
}
