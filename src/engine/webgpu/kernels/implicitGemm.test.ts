import { describe, expect, it } from 'vitest'
import { GraphBuilder } from '../../ir/builder'
import { isSoftwareAdapter, kernelConfigFor } from '../device'
import type { GpuLimits } from '../gpuTypes'
import { WEBGPU_LOWERINGS } from './index'
import type { Kernel, KernelConfig, KernelGen } from './kernel'
import { treeReduction } from './reduce'

const LIMITS: GpuLimits = {
  maxBufferSize: 1 << 28,
  maxStorageBufferBindingSize: 1 << 27,
  maxStorageBuffersPerShaderStage: 8,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeWorkgroupsPerDimension: 65535,
}
const GPU = kernelConfigFor(LIMITS)
const COSTLY: KernelConfig = { ...GPU, barriers: 'costly' }
const LOW: KernelConfig = { ...GPU, matmulTile: 4, workgroupSize: 8 }

function conv(
  x: number[],
  w: number[],
  options: { groups?: number; transposed?: boolean },
  config: KernelConfig,
): Kernel {
  const g = new GraphBuilder()
  const xv = g.input(x, { name: 'x' })
  const wv = g.input(w, { name: 'w' })
  const out = options.transposed
    ? g.convTranspose2d(xv, wv, { stride: 2, padding: 1, output_padding: 1 })
    : g.conv2d(xv, wv, { padding: 1, groups: options.groups ?? 1 })
  const gen = WEBGPU_LOWERINGS[out.op as 'conv2d'] as KernelGen
  return gen({ node: out, inputs: [xv, wv], attrs: out.attrs, config })[0]!
}

describe('convolutions as implicit GEMM', () => {
  it('run as implicit GEMM with 8+ output channels and 32+ output pixels, one group, on a capable device', () => {
    expect(conv([2, 16, 28, 28], [32, 16, 3, 3], {}, GPU).label).toContain('implicit GEMM')
    expect(conv([2, 4, 5, 6], [4, 9, 3, 3], { transposed: true }, GPU).label).toContain('implicit GEMM')
    // too few output channels, two groups, or a low-limit device: the direct kernel
    expect(conv([2, 16, 28, 28], [4, 16, 3, 3], {}, GPU).label).not.toContain('GEMM')
    expect(conv([2, 16, 28, 28], [32, 8, 3, 3], { groups: 2 }, GPU).label).not.toContain('GEMM')
    expect(conv([2, 16, 28, 28], [32, 16, 3, 3], {}, LOW).label).not.toContain('GEMM')
  })

  it('stage tiles through workgroup memory on a GPU and block in registers without barriers where barriers are costly', () => {
    const tiled = conv([2, 16, 28, 28], [32, 16, 3, 3], {}, GPU)
    expect(tiled.wgsl).toContain('workgroupBarrier')
    expect(tiled.workgroups).toEqual([Math.ceil(32 / 64) * Math.ceil((2 * 28 * 28) / 64), 1, 1])
    const blocked = conv([2, 16, 28, 28], [32, 16, 3, 3], {}, COSTLY)
    expect(blocked.wgsl).not.toContain('workgroupBarrier')
    // 4×4 blocks, 64 threads a workgroup; k walked as nested loops over (channel, ky, kx)
    expect(blocked.workgroups).toEqual([Math.ceil(((32 / 4) * ((2 * 28 * 28) / 4)) / 64), 1, 1])
    expect(blocked.wgsl).toContain('d2 < 3u')
  })
})

describe('kernel sizes by adapter', () => {
  it('marks barriers costly on CPU-emulated adapters only', () => {
    expect(isSoftwareAdapter({ architecture: 'swiftshader', vendor: 'google', description: '' })).toBe(true)
    expect(isSoftwareAdapter({ architecture: '', vendor: 'mesa', description: 'llvmpipe (LLVM 15)' })).toBe(
      true,
    )
    expect(isSoftwareAdapter({ architecture: 'ampere', vendor: 'nvidia', description: 'NVIDIA H100' })).toBe(
      false,
    )
    expect(
      kernelConfigFor(LIMITS, {}, { architecture: 'swiftshader', vendor: '', description: '' }).barriers,
    ).toBe('costly')
    expect(kernelConfigFor(LIMITS).barriers).toBeUndefined()
    expect(
      kernelConfigFor(
        LIMITS,
        { barriers: 'cheap' },
        { architecture: 'swiftshader', vendor: '', description: '' },
      ).barriers,
    ).toBe('cheap')
  })

  it('reduces with workgroup trees on a GPU past 64 elements, and only long, few reductions where barriers are costly', () => {
    expect(treeReduction(65, 1024, GPU)).toBe(true)
    expect(treeReduction(64, 1, GPU)).toBe(false)
    expect(treeReduction(65, 1024, COSTLY)).toBe(false)
    expect(treeReduction(1 << 20, 1, COSTLY)).toBe(true)
    expect(treeReduction(1 << 20, 64, COSTLY)).toBe(false)
  })
})
