import { describe, expect, it } from 'vitest'
import { numel } from '../../ir/shape'
import { kernelConfigFor } from '../device'
import type { GpuLimits } from '../gpuTypes'
import { planWebGpu } from '../plan'
import { cnnWorkload, mlpWorkload, transformerWorkload } from './workloads'

const LIMITS: GpuLimits = {
  maxBufferSize: 268435456,
  maxStorageBufferBindingSize: 134217728,
  maxStorageBuffersPerShaderStage: 8,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeWorkgroupsPerDimension: 65535,
}
const SWIFTSHADER = { architecture: 'swiftshader', vendor: 'google', description: 'SwiftShader device' }

const workloads = [mlpWorkload(8), cnnWorkload(2), transformerWorkload(2)]

describe("issue 4's benchmark steps for the profile", () => {
  it('build the parameters PyTorch would have, each trained', () => {
    const count = (w: (typeof workloads)[number]) => w.step.params.reduce((s, p) => s + numel(p.shape), 0)
    expect(count(workloads[0]!)).toBe(784 * 256 + 256 + 256 * 10 + 10)
    expect(count(workloads[1]!)).toBe(16 * 9 + 16 + 32 * 16 * 9 + 32 + 6272 * 10 + 10)
    // embedding, 2 × (attention 4·64² + 4·64, two norms, feed-forward), head
    const layer = 4 * 64 * 64 + 4 * 64 + 2 * 2 * 64 + (64 * 256 + 256) + (256 * 64 + 64)
    expect(count(workloads[2]!)).toBe(65 * 64 + 2 * layer + 64 * 65 + 65)
  })

  it('give a finite first loss on the CPU reference', () => {
    for (const w of workloads) {
      const { loss } = w.step.run(w.step.initialState(0), w.batch)
      expect(Number.isFinite(loss)).toBe(true)
      expect(loss).toBeGreaterThan(0)
    }
  })

  it('plan without a single workgroup barrier where barriers are costly, and with them on a GPU', () => {
    const soft = kernelConfigFor(LIMITS, {}, SWIFTSHADER)
    const gpu = kernelConfigFor(LIMITS)
    for (const w of workloads) {
      const wgsl = (c: typeof soft) =>
        planWebGpu(w.step.graph, c, w.step.outputs).steps.flatMap((s) => s.kernels.map((k) => k.wgsl))
      expect(
        wgsl(soft).filter((code) => code.includes('workgroupBarrier')),
        w.name,
      ).toEqual([])
      expect(
        wgsl(gpu).some((code) => code.includes('workgroupBarrier')),
        w.name,
      ).toBe(true)
    }
  })
})
