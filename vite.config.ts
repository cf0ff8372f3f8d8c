import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

/**
 * Cross-origin isolation (COOP + COEP) gives SharedArrayBuffer to the engine's workers later on;
 * it is set for both the dev server and `vite preview` (what `npm start` serves).
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
}

export default defineConfig({
  plugins: [react()],
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
