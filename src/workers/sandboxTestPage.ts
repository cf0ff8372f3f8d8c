import type { TraceResult } from '../graph/code/traceCode'
import { createSandboxFrame } from './sandboxFrame'
import type { SupersededTrace } from './traceAnswer'
import { createTraceClient } from './traceClient'

/**
 * The script of `sandbox-test.html` (built only with TRIAD_E2E=1): hooks on `window` for the
 * Playwright spec (e2e/sandbox.spec.ts), then it says it is ready.
 *
 * - `triadTrace(code, timeoutMs?)`: traces with a sandboxed client, as the app does.
 * - `triadCspProbe(urls)`: runs a probe worker that is NOT locked down in the real sandbox
 *   iframe and reports, per attempt, whether it reached the URL: proof that the iframe (opaque
 *   origin, CSP) walls the network and storage off by itself.
 * - `triadControlProbe(url)`: a sandboxed iframe like the real one but without its CSP, whose
 *   worker fetches `url`: the positive control that shows the spec can see such a request.
 */

/** What the probe tries; each outcome comes back as `name: reached` or `name: refused (...)`. */
interface ProbeUrls {
  importUrl: string
  fetchUrl: string
  fontUrl: string
}

/** The probe worker: a classic script, no lockdown. Its answer rides in a trace result's errors. */
const PROBE_WORKER = `
const post = self.postMessage.bind(self)
const attempt = async (name, f) => {
  try { await f(); return name + ': reached' } catch (e) { return name + ': refused (' + (e && e.name) + ')' }
}
const openDb = () => new Promise((resolve, reject) => {
  const r = indexedDB.open('triad-projects')
  r.onsuccess = () => resolve(r.result)
  r.onerror = () => reject(r.error)
})
self.onmessage = async (event) => {
  const request = event.data
  if (!request || request.type !== 'trace') return
  const urls = JSON.parse(request.code)
  const outcomes = await Promise.all([
    attempt('import', () => import(urls.importUrl)),
    attempt('fetch', () => fetch(urls.fetchUrl)),
    attempt('font', () => new FontFace('probe', 'url(' + urls.fontUrl + ')').load()),
    attempt('indexedDB', async () => {
      const names = (await indexedDB.databases()).map((d) => d.name)
      if (!names.includes('triad-projects')) throw { name: 'NotListed' }
      await openDb()
    }),
  ])
  post({ type: 'result', id: request.id, result: { ok: false, errors: outcomes.map((message) => ({ message, line: 1, column: 1 })) } })
}
post({ type: 'ready' })
`

async function cspProbe(urls: ProbeUrls): Promise<string[]> {
  const frame = createSandboxFrame(document.body, () => Promise.resolve(PROBE_WORKER))
  try {
    const answer = await frame.run(JSON.stringify(urls), 5000, new AbortController().signal)
    if (answer.kind !== 'result') return [`probe ${answer.kind}`]
    const errors = (answer.data as { errors?: { message: string }[] }).errors ?? []
    return errors.map((e) => e.message)
  } finally {
    frame.dispose()
  }
}

function controlProbe(url: string): void {
  const iframe = document.createElement('iframe')
  iframe.setAttribute('sandbox', 'allow-scripts')
  // Like the probe above, the worker reaches out only when told to, after it has started: a
  // request made while a worker is still starting can slip past the browser's request hooks.
  const worker = `onmessage = () => fetch(${JSON.stringify(url)}).catch(() => {}); postMessage('ready')`
  iframe.srcdoc = `<script>const w = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(worker)}], { type: 'text/javascript' }))); w.onmessage = () => w.postMessage('go')</script>`
  document.body.appendChild(iframe)
}

// The default mode: the sandboxed iframe in a build (what the spec runs), a direct worker in dev.
const client = createTraceClient()
const exposed = window as unknown as {
  triadTrace: (code: string, timeoutMs?: number) => Promise<TraceResult | SupersededTrace>
  triadCspProbe: typeof cspProbe
  triadControlProbe: typeof controlProbe
}
exposed.triadTrace = (code, timeoutMs) =>
  client.trace(code, timeoutMs === undefined ? undefined : { timeoutMs })
exposed.triadCspProbe = cspProbe
exposed.triadControlProbe = controlProbe
const status = document.getElementById('status')
if (status) status.textContent = 'ready'
