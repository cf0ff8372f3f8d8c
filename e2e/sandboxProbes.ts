import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, type Page } from '@playwright/test'

/**
 * Helpers for the specs that prove model code reaches nothing (e2e/sandbox.spec.ts,
 * e2e/codeSync.spec.ts): a server that counts probe requests, and a seeded app database to aim
 * at.
 */

/** A local HTTP server that records every request it gets; probes aim at it. */
export interface ProbeServer {
  /** The absolute URL of `path` on this server. */
  url(path: string): string
  /** Paths requested so far, in order (live). */
  readonly hits: string[]
  close(): Promise<void>
}

/**
 * Starts a probe server on a free port. Requests are counted where they arrive, not through the
 * browser's request hooks, which can miss a request made by a worker of a sandboxed frame. It
 * answers with CORS and CORP headers, so a request that is let through also succeeds.
 */
export async function startProbeServer(): Promise<ProbeServer> {
  const hits: string[] = []
  const server = createServer((req, res) => {
    hits.push(new URL(req.url ?? '/', 'http://probe').pathname)
    res.writeHead(204, {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    })
    res.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/**
 * Positive control for a probe server: the page itself fetches `/probe-ctrl` from it, and the
 * server must see that, or a count of zero would prove nothing.
 */
export async function expectServerSeesPageRequest(page: Page, server: ProbeServer): Promise<void> {
  await page.evaluate((url) => fetch(url).then(() => undefined), server.url('/probe-ctrl'))
  await expect.poll(() => server.hits).toContain('/probe-ctrl')
}

/** Makes sure the app origin's IndexedDB holds `triad-projects` (where projects are saved). */
export async function seedProjectsDatabase(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('triad-projects')
        open.onsuccess = () => {
          open.result.close()
          resolve()
        }
        open.onerror = () => reject(open.error)
      }),
  )
  const names = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))
  expect(names).toContain('triad-projects')
}
