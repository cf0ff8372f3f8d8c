import { type Browser, expect, type Page, test } from '@playwright/test'
import type { NaNResult, VsCpuResult } from '../src/engine/webgpu/executor/testHooks'
import type { ExecutorParityResult } from '../src/graph/lower/parity/executorParity'

/**
 * The WebGPU training executor in headless Chromium (issue 4, Build points 2 and 4): state kept
 * in GPU buffers between steps, losses read back every N steps through a ring of staging buffers
 * (never once a step), a NaN loss that stops the run on the GPU with the last good weights kept,
 * a lost device reported, and a model too large for the device refused by its bytes.
 */

type Hooks = {
  triadExecutorParity(names?: readonly string[], steps?: number): Promise<ExecutorParityResult[]>
  triadExecutorVsCpu(readbackEvery?: number): Promise<VsCpuResult>
  triadExecutorNaN(): Promise<NaNResult>
  triadExecutorSteps(
    steps: number,
    readbackEvery: number,
  ): Promise<{ losses: number; lossReadbacks: number; submits: number }>
  triadExecutorDeviceLoss(): Promise<{
    lost: { reason: string; message: string } | null
    error: string
    enqueueError: string
  }>
  triadExecutorOversized(): Promise<Record<'huge' | 'budget', { error: string; initialised: boolean }>>
}

// one page for the whole file: the backend's pipeline cache then serves every scenario
test.describe.configure({ mode: 'serial' })
let shared: Page | undefined

async function openPage(browser: Browser): Promise<Page> {
  if (shared) return shared
  const page = await browser.newPage()
  await page.goto('/webgpu-test.html')
  await expect(page.getByRole('status')).toHaveText('ready', { timeout: 30_000 })
  shared = page
  return page
}

test.afterAll(async () => {
  await shared?.close()
  shared = undefined
})

test.describe('the WebGPU training executor', () => {
  test('trains the six PyTorch fixtures to PyTorch losses with the state on the GPU', async ({ browser }) => {
    test.setTimeout(60_000)
    const page = await openPage(browser)
    const results = await page.evaluate(() => (window as unknown as Hooks).triadExecutorParity())
    for (const r of results)
      console.log(
        `${r.name}: ${r.steps} steps, max rel err ${r.maxRelativeError.toExponential(2)} at step ${r.worstStep}, ` +
          `buffers ${r.maxBufferError.toExponential(2)}, ${r.lossReadbacks} loss readbacks, ` +
          `compile ${r.compileMs.toFixed(0)} ms, run ${r.runMs.toFixed(0)} ms`,
      )
    expect(results).toHaveLength(6)
    for (const r of results) {
      expect(r.losses, r.name).toHaveLength(r.steps)
      expect(r.maxRelativeError, r.name).toBeLessThan(1e-3)
      expect(r.maxBufferError, r.name).toBeLessThan(1e-3)
      expect(r.finalStep, r.name).toBe(r.steps)
      // readbackEvery 10: one map per window of 10 steps, the last window partial
      expect(r.lossReadbacks, r.name).toBe(Math.ceil(r.steps / 10))
    }
  })

  test('matches the CPU executor, the smaller last batch of each epoch included', async ({ browser }) => {
    const page = await openPage(browser)
    const r = await page.evaluate(() => (window as unknown as Hooks).triadExecutorVsCpu(5))
    console.log(
      `vs CPU: max loss rel err ${r.maxLossError.toExponential(2)}, params ${r.maxParamError.toExponential(2)}`,
    )
    expect(r.gpu.map((l) => l.step)).toEqual(r.cpu.map((l) => l.step))
    expect(r.gpu).toHaveLength(12)
    expect(r.maxLossError).toBeLessThan(1e-4)
    expect(r.maxParamError).toBeLessThan(1e-4)
    expect(r.gpu.every((l) => l.gradNorm !== undefined && l.gradNorm > 0)).toBe(true)
    expect(r.gpuStep).toBe(12)
    expect([...r.batchSizes].sort((a, b) => a - b)).toEqual([4, 32])
    expect(r.lossReadbacks).toBe(3)
  })

  test('stops at a NaN batch: losses end there and the state is the weights before it', async ({
    browser,
  }) => {
    const page = await openPage(browser)
    const r = await page.evaluate(() => (window as unknown as Hooks).triadExecutorNaN())
    expect(r.losses.map((l) => l.step)).toEqual([1, 2, 3, 4, 5, 6])
    expect(r.losses.slice(0, 5).every((l) => l.loss !== null)).toBe(true)
    expect(r.losses[5]!.loss).toBeNull()
    expect(r.step).toBe(5)
    expect(r.maxDiffFromLastGood).toBe(0)
    expect(r.lossesAfter).toBe(0)
    expect(r.resumedLoss).not.toBeNull()
  })

  test('reads losses back once a window, never once a step', async ({ browser }) => {
    const page = await openPage(browser)
    await page.evaluate(() => {
      const w = window as unknown as { mapCalls: number }
      w.mapCalls = 0
      const original = GPUBuffer.prototype.mapAsync
      GPUBuffer.prototype.mapAsync = function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
        w.mapCalls++
        return original.apply(this, args)
      }
    })
    const r = await page.evaluate(() => (window as unknown as Hooks).triadExecutorSteps(30, 10))
    const mapCalls = await page.evaluate(() => (window as unknown as { mapCalls: number }).mapCalls)
    expect(r).toEqual({ losses: 30, lossReadbacks: 3, submits: 30 })
    expect(mapCalls).toBe(3)
  })

  test('reports a destroyed device: lost resolves and the executor names the cause', async ({ browser }) => {
    const page = await openPage(browser)
    const r = await page.evaluate(() => (window as unknown as Hooks).triadExecutorDeviceLoss())
    expect(r.lost?.reason).toBe('destroyed')
    expect(r.error).toMatch(/GPU device was lost \(destroyed.*load the last checkpoint/)
    expect(r.enqueueError).toMatch(/GPU device was lost/)
  })

  test('refuses a model too large for the device by its bytes, before making any weights', async ({
    browser,
  }) => {
    const page = await openPage(browser)
    const r = await page.evaluate(() => (window as unknown as Hooks).triadExecutorOversized())
    expect(r.huge.initialised).toBe(false)
    expect(r.huge.error).toMatch(
      /training this model needs [\d,.]+ MB \(parameters 9,5\d\d\.\d MB.*'fc1\.weight', needs 9,536\.7 MB but this GPU .* allows at most [\d,.]+ MB per buffer: reduce the batch size or the layer widths/,
    )
    expect(r.budget.initialised).toBe(false)
    expect(r.budget.error).toMatch(/allows 9\.8 kB in all: reduce the batch size/)
  })
})
