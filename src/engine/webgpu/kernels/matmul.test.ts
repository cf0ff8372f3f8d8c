import { describe, expect, it } from 'vitest'
import { GraphBuilder } from '../../ir/builder'
import { kernelConfigFor } from '../device'
import type { KernelConfig } from './kernel'
import { matmulKernels, usesRegisterTiles } from './matmul'

const CONFIG: KernelConfig = kernelConfigFor({
  maxBufferSize: 1 << 28,
  maxStorageBufferBindingSize: 1 << 27,
  maxStorageBuffersPerShaderStage: 8,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeWorkgroupsPerDimension: 65535,
})

function product(a: number[], b: number[], ta = false, tb = false, config = CONFIG) {
  const g = new GraphBuilder()
  const x = g.input(a, { name: 'x' })
  const y = g.input(b, { name: 'y' })
  const out = g.matmul(ta ? g.transpose(x, -1, -2) : x, tb ? g.transpose(y, -1, -2) : y)
  const [k] = matmulKernels(out, { value: x, transposed: ta }, { value: y, transposed: tb }, config)
  return { out, kernel: k!, wgsl: k!.wgsl }
}

const declared = (wgsl: string, name: string) =>
  wgsl.match(new RegExp(`var<storage, read(?:_write)?> ${name}: array<([^>]+>?)>;`))?.[1]

describe('matmul kernels', () => {
  it('register-tiles products of at least 32×32 outputs and keeps the simple kernel for small or skinny ones', () => {
    expect(usesRegisterTiles(product([64, 8], [8, 64]).out, CONFIG)).toBe(true)
    expect(usesRegisterTiles(product([128, 256], [256, 10]).out, CONFIG)).toBe(false)
    expect(usesRegisterTiles(product([16, 8], [8, 64]).out, CONFIG)).toBe(false)
    expect(usesRegisterTiles(product([64, 8], [8, 64]).out, { ...CONFIG, matmulRegisterTiles: false })).toBe(
      false,
    )
  })

  it('falls back to the simple kernel with the configured tile on a device with low limits', () => {
    const low = { ...CONFIG, matmulTile: 8 }
    const { wgsl } = product([64, 64], [64, 64], false, false, low)
    expect(wgsl).toContain('@workgroup_size(8, 8)')
    expect(wgsl).not.toContain('acc0')
  })

  it('loads vec4s where the contiguous dimension is a multiple of 4, scalars elsewhere', () => {
    const aligned = product([64, 32], [32, 64]).wgsl
    expect(aligned).toContain('@workgroup_size(16, 16)')
    expect([declared(aligned, 'a'), declared(aligned, 'b'), declared(aligned, 'out')]).toEqual([
      'vec4<f32>',
      'vec4<f32>',
      'vec4<f32>',
    ])
    const ragged = product([37, 45], [45, 33]).wgsl
    expect([declared(ragged, 'a'), declared(ragged, 'b'), declared(ragged, 'out')]).toEqual([
      'f32',
      'f32',
      'f32',
    ])
    // Aᵀ [K, M] with M a multiple of 4 reads four rows at once; Bᵀ [N, K] four k at once
    const transposed = product([45, 40], [36, 45], true, true).wgsl
    expect([declared(transposed, 'a'), declared(transposed, 'b')]).toEqual(['vec4<f32>', 'f32'])
    expect(declared(product([12, 40], [36, 12], true, true).wgsl, 'b')).toBe('vec4<f32>')
  })

  it('binds the untransposed values and fits the workgroup memory WebGPU guarantees (16 KiB)', () => {
    const { kernel, wgsl } = product([2, 70, 48], [48, 66], false, false)
    expect(kernel.bindings.map((b) => b.access)).toEqual(['read', 'read', 'write'])
    const bytes = [...wgsl.matchAll(/var<workgroup> \w+: array<(vec4<f32>|f32), (\d+)>/g)].reduce(
      (sum, m) => sum + Number(m[2]) * (m[1] === 'f32' ? 4 : 16),
      0,
    )
    expect(bytes).toBe(8192)
    // two batches of 2 × 2 tiles of 64 × 64
    expect(kernel.workgroups).toEqual([8, 1, 1])
  })

  it('never binds a zero-length operand as vec4 (K = 0 leaves the 4-byte placeholder bound)', () => {
    const { wgsl } = product([64, 0], [0, 64])
    expect([declared(wgsl, 'a'), declared(wgsl, 'b')]).toEqual(['f32', 'f32'])
  })

  it('blocks every product in registers without barriers where barriers are costly, vec4 where the layout allows', () => {
    const costly: KernelConfig = { ...CONFIG, barriers: 'costly' }
    // A and Bᵀ contiguous along k (K a multiple of 4): vec4 dot products
    const dot = product([16, 64, 64], [64, 64], false, true, costly)
    expect(dot.wgsl).not.toContain('workgroupBarrier')
    expect(dot.wgsl).toContain('dot(a0, b0)')
    expect([declared(dot.wgsl, 'a'), declared(dot.wgsl, 'b')]).toEqual(['vec4<f32>', 'vec4<f32>'])
    // Aᵀ @ B: four rows and four columns per vec4
    const outer = product([128, 784], [128, 256], true, false, costly)
    expect([declared(outer.wgsl, 'a'), declared(outer.wgsl, 'b')]).toEqual(['vec4<f32>', 'vec4<f32>'])
    // ragged sizes and K = 0 fall back to scalar loads
    for (const [a, b] of [
      [
        [5, 7],
        [7, 3],
      ],
      [
        [3, 0],
        [0, 5],
      ],
    ] as const) {
      const ragged = product([...a], [...b], false, false, costly)
      expect(ragged.wgsl).not.toContain('workgroupBarrier')
      expect([declared(ragged.wgsl, 'a'), declared(ragged.wgsl, 'b')]).toEqual(['f32', 'f32'])
    }
    // 4×4 blocks, 64 threads a workgroup: [2, 64, 16] has 2·16·4 blocks
    expect(product([2, 64, 8], [8, 16], false, false, costly).kernel.workgroups).toEqual([2, 1, 1])
  })
})
