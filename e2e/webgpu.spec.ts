import { expect, type Page, test } from '@playwright/test'
import type { CaseResult } from '../src/engine/webgpu/conformance/runConformance'
import type { TrainParity } from '../src/engine/webgpu/conformance/trainParity'
import type { Gpu } from '../src/engine/webgpu/gpuTypes'
import type { WebGpuInfo } from '../src/engine/webgpu/testPage'
import type { GpuParityResult } from '../src/graph/lower/parity/gpuParity'

/**
 * The WebGPU backend in headless Chromium (SwiftShader here, a real GPU elsewhere), on the built
 * app's `webgpu-test.html`: every primitive's conformance cases, forward and backward, against
 * the CPU reference; the same with the fallbacks of a low-limit device; five training steps; and
 * every PyTorch parity fixture trained on WebGPU with PyTorch's losses (1e-3 relative, issue 4).
 */

/** The engine's structural WebGPU types must accept what the browser hands out. */
type GpuFits = GPU extends Gpu ? true : false

type Hooks = {
  triadWebGpuInfo(): WebGpuInfo
  triadWebGpuConformance(options?: { ops?: string[]; lowLimits?: boolean }): Promise<CaseResult[]>
  triadWebGpuTraining(): Promise<TrainParity>
  triadWebGpuOpsWithCases(): string[]
  triadTorchParity(names?: readonly string[], steps?: number): Promise<GpuParityResult[]>
}

async function openPage(page: Page) {
  await page.goto('/webgpu-test.html')
  await expect(page.getByRole('status')).toHaveText('ready', { timeout: 30_000 })
}

function describeFailures(results: readonly CaseResult[]): string[] {
  return results
    .filter((r) => !r.ok)
    .map(
      (r) => `${r.op} / ${r.case} / ${r.phase}: max error ${r.maxError}; ${(r.detail ?? '').split('\n')[0]}`,
    )
}

async function conformance(page: Page, lowLimits: boolean): Promise<CaseResult[]> {
  return page.evaluate(
    (low) => (window as unknown as Hooks).triadWebGpuConformance({ lowLimits: low }),
    lowLimits,
  )
}

test.describe('the WebGPU backend', () => {
  test('finds an adapter and picks kernel sizes for its limits', async ({ page }) => {
    const fits: GpuFits = true
    expect(fits).toBe(true)
    await openPage(page)
    const info = await page.evaluate(() => (window as unknown as Hooks).triadWebGpuInfo())
    console.log(`WebGPU adapter: architecture '${info.architecture}', vendor '${info.vendor}'`, info.config)
    expect(info.config.workgroupSize).toBeGreaterThanOrEqual(1)
    expect([16, 8, 4, 2, 1]).toContain(info.config.matmulTile)
  })

  test('matches the CPU reference on every op, forward and backward', async ({ page }) => {
    test.setTimeout(180_000)
    await openPage(page)
    const results = await conformance(page, false)
    const ops = await page.evaluate(() => (window as unknown as Hooks).triadWebGpuOpsWithCases())
    const failures = describeFailures(results)
    console.log(
      `${results.length} checks, ${failures.length} failed${failures.length ? `:\n${failures.join('\n')}` : ''}`,
    )
    expect(failures).toEqual([])
    const covered = new Set(results.map((r) => r.op))
    expect(ops.filter((op) => !covered.has(op))).toEqual([])
    expect(results.some((r) => r.phase === 'backward')).toBe(true)
  })

  test('matches it too with the small workgroups, tiles and atomics of a low-limit device', async ({
    page,
  }) => {
    test.setTimeout(180_000)
    await openPage(page)
    const results = await conformance(page, true)
    const failures = describeFailures(results)
    console.log(
      `${results.length} low-limit checks, ${failures.length} failed${failures.length ? `:\n${failures.join('\n')}` : ''}`,
    )
    expect(failures).toEqual([])
  })

  test('trains an MLP for five Adam steps with the CPU losses', async ({ page }) => {
    await openPage(page)
    const r = await page.evaluate(() => (window as unknown as Hooks).triadWebGpuTraining())
    console.log(
      'losses (CPU, WebGPU):',
      r.cpuLosses,
      r.webGpuLosses,
      `planned ${r.plannedBytes} B vs naive ${r.naiveBytes} B`,
    )
    // the step graph rebuilt for the GPU is compileTrainStep's: on the CPU it gives its losses
    r.rebuiltCpuLosses.forEach((l, i) => {
      expect(Math.abs(l - r.cpuLosses[i]!)).toBeLessThanOrEqual(1e-6 * Math.abs(r.cpuLosses[i]!))
    })
    expect(r.webGpuLosses).toHaveLength(5)
    expect(r.maxRelativeError).toBeLessThan(1e-4)
    expect(r.maxParamError).toBeLessThan(1e-4)
    expect(r.plannedBytes).toBeLessThan(r.naiveBytes)
  })

  test("trains every PyTorch parity fixture with PyTorch's losses, step by step", async ({ page }) => {
    test.setTimeout(120_000)
    await openPage(page)
    const results = await page.evaluate(() => (window as unknown as Hooks).triadTorchParity())
    for (const r of results)
      console.log(
        `${r.name}: ${r.steps} steps, worst relative error ${r.maxRelativeError.toExponential(2)} at step ${r.worstStep}, ` +
          `buffers ${r.maxBufferError.toExponential(2)}, compile ${r.compileMs.toFixed(0)} ms, run ${r.runMs.toFixed(0)} ms`,
      )
    expect(results.map((r) => r.name).sort()).toEqual([
      'attentionAdamw',
      'batchNormCnn',
      'cnnAdam',
      'lstmRmsprop',
      'mlpMomentumMse',
      'mlpSgd',
    ])
    for (const r of results) {
      expect(r.steps, r.name).toBeGreaterThan(0)
      expect(r.losses, r.name).toHaveLength(r.torchLosses.length)
      expect(
        r.maxRelativeError,
        `${r.name} step ${r.worstStep}: ${r.losses[r.worstStep - 1]} vs PyTorch ${r.torchLosses[r.worstStep - 1]}`,
      ).toBeLessThan(1e-3)
      expect(r.maxBufferError, `${r.name} running statistics`).toBeLessThan(1e-3)
    }
  })
})
