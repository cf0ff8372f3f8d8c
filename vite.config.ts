import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import type { Connect, Plugin } from 'vite'
import { defineConfig } from 'vitest/config'

/** The data files `npm run data` writes (MNIST as IDX), served by the app at `/data/`. */
const DATA_DIR = fileURLToPath(new URL('./data/generated', import.meta.url))
const DATA_FILES = /\.idx\d-ubyte$/

/**
 * Serves data/generated/ at `/data/` (the engine worker fetches MNIST from there): copied into
 * the build as assets, and answered by the dev server from the folder.
 */
function dataFiles(): Plugin {
  const files = () => (existsSync(DATA_DIR) ? readdirSync(DATA_DIR).filter((f) => DATA_FILES.test(f)) : [])
  const serve: Connect.NextHandleFunction = (req, res, next) => {
    const name = req.url?.match(/^\/data\/([^/?]+)/)?.[1]
    if (!name || !files().includes(name)) return next()
    res.setHeader('Content-Type', 'application/octet-stream')
    createReadStream(join(DATA_DIR, name)).pipe(res)
  }
  return {
    name: 'triad-data-files',
    configureServer(server) {
      server.middlewares.use(serve)
    },
    generateBundle() {
      for (const name of files())
        this.emitFile({ type: 'asset', fileName: `data/${name}`, source: readFileSync(join(DATA_DIR, name)) })
    },
  }
}

/**
 * Cross-origin isolation (COOP + COEP) gives SharedArrayBuffer to the engine's workers later on;
 * it is set for both the dev server and `vite preview` (what `npm start` serves).
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
}

export default defineConfig({
  plugins: [react(), dataFiles()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    // sandbox-test.html: a page the e2e suite drives to prove the code sandbox (e2e/sandbox.spec.ts).
    // It puts a trace client on `window.triadTrace`, so only an e2e build (TRIAD_E2E=1) ships it.
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        ...(process.env.TRIAD_E2E === '1'
          ? { sandboxTest: fileURLToPath(new URL('./sandbox-test.html', import.meta.url)) }
          : {}),
        // webgpu-test.html: drives the WebGPU backend against the CPU reference (e2e/webgpu.spec.ts)
        ...(process.env.TRIAD_E2E === '1'
          ? { webgpuTest: fileURLToPath(new URL('./webgpu-test.html', import.meta.url)) }
          : {}),
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
  },
})
