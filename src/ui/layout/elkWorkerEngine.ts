import ELK from 'elkjs/lib/elk-api'
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url'
import type { LayoutEngine } from './elkGraph'

let elk: InstanceType<typeof ELK> | undefined

/** ELK's layered layout, run in a worker so a large graph never blocks the page. */
export const elkWorkerEngine: LayoutEngine = (graph) => {
  elk ??= new ELK({ workerUrl: elkWorkerUrl })
  return elk.layout(graph)
}
