import { describe, expect, it } from 'vitest'
import { GraphBuilder } from '../ir/builder'
import { WebGpuBackend } from './backend'
import { kernelConfigFor } from './device'
import type { GpuBuffer, GpuComputePass, GpuDevice, GpuLimits } from './gpuTypes'

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

/**
 * A device that runs nothing and records every call: enough to check what the backend creates
 * when (kernels themselves are checked against the CPU in Chromium, e2e/webgpu.spec.ts).
 */
function fakeDevice(limits: GpuLimits = LIMITS, failShaders = false) {
  const calls: string[] = []
  const buffers: { label: string; size: number }[] = []
  const copies: number[] = []
  const scopes = { depth: 0 }
  const buffer = (size: number, label: string): GpuBuffer => ({
    label,
    size,
    mapAsync: async () => {
      calls.push('mapAsync')
    },
    getMappedRange: () => new ArrayBuffer(size),
    unmap: () => {},
    destroy: () => {},
  })
  const pass: GpuComputePass = {
    setPipeline: () => {},
    setBindGroup: () => {},
    dispatchWorkgroups: () => {
      calls.push('dispatch')
    },
    end: () => {},
  }
  const device: GpuDevice = {
    label: 'fake',
    limits,
    lost: new Promise(() => {}),
    queue: {
      submit: (list) => {
        calls.push(`submit ${list.length}`)
      },
      writeBuffer: () => {
        calls.push('writeBuffer')
      },
      onSubmittedWorkDone: async () => {},
    },
    createBuffer: (d) => {
      buffers.push({ label: d.label ?? '', size: d.size })
      return buffer(d.size, d.label ?? '')
    },
    createShaderModule: (d) => {
      calls.push('createShaderModule')
      return {
        label: d.label ?? '',
        getCompilationInfo: async () => ({
          messages: failShaders
            ? [{ message: 'unknown identifier', type: 'error', lineNum: 3, linePos: 7 }]
            : [],
        }),
      }
    },
    createBindGroupLayout: () => ({ label: 'layout' }),
    createPipelineLayout: () => ({ label: 'pipeline layout' }),
    createComputePipelineAsync: async (d) => {
      calls.push('createComputePipelineAsync')
      if (failShaders) throw new Error('pipeline failed')
      return { label: d.label ?? '' }
    },
    createBindGroup: () => {
      calls.push('createBindGroup')
      return { label: 'group' }
    },
    createCommandEncoder: () => ({
      beginComputePass: () => pass,
      copyBufferToBuffer: (_s, _so, _d, _do, size) => {
        copies.push(size ?? 0)
      },
      finish: () => ({ label: 'commands' }),
    }),
    pushErrorScope: () => {
      scopes.depth++
    },
    popErrorScope: async () => {
      scopes.depth--
      return null
    },
    destroy: () => {},
  }
  return { device, calls, buffers, copies, scopes }
}

function mlpGraph() {
  const g = new GraphBuilder()
  const x = g.input([4, 3], { name: 'x' })
  const w = g.param('w', [3, 5])
  const h = g.exp(g.matmul(x, w))
  const y = g.sum(g.exp(g.neg(h)), 1)
  return { g, x, w, h, y }
}

describe('WebGpuBackend', () => {
  it('creates every pipeline and bind group at compile time and records one command buffer per run', async () => {
    const { device, calls } = fakeDevice()
    const backend = new WebGpuBackend(device)
    const { g, y } = mlpGraph()
    const compiled = await backend.compile(g, { outputs: [y] })
    const atCompile = calls.filter((c) => c.startsWith('create')).length
    expect(calls.filter((c) => c === 'createComputePipelineAsync')).toHaveLength(compiled.stats.pipelines)
    expect(calls.filter((c) => c === 'createBindGroup')).toHaveLength(compiled.stats.dispatches)
    calls.length = 0
    await compiled.run({ x: new Float32Array(12), w: new Float32Array(15) })
    await compiled.run({ x: new Float32Array(12), w: new Float32Array(15) })
    expect(calls.filter((c) => c.startsWith('create'))).toEqual([])
    expect(calls.filter((c) => c.startsWith('submit'))).toEqual(['submit 1', 'submit 1'])
    expect(calls.filter((c) => c === 'mapAsync')).toHaveLength(2)
    expect(calls.filter((c) => c === 'dispatch')).toHaveLength(2 * compiled.stats.dispatches)
    expect(atCompile).toBeGreaterThan(0)
  })

  it('shares one pipeline between kernels with the same WGSL', async () => {
    const { device } = fakeDevice()
    const backend = new WebGpuBackend(device)
    const g = new GraphBuilder()
    const a = g.exp(g.input([7], { name: 'a' }))
    const b = g.exp(g.input([7], { name: 'b' }))
    const compiled = await backend.compile(g, { outputs: [a, b] })
    expect(compiled.stats.dispatches).toBe(2)
    expect(compiled.stats.pipelines).toBe(1)
    await backend.compile(g, { outputs: [a] })
    expect(backend.pipelineCount).toBe(1)
  })

  it('reads back only the requested outputs, as shaped views of one staging buffer', async () => {
    const { device, copies, buffers } = fakeDevice()
    const { g, h, y } = mlpGraph()
    const compiled = await new WebGpuBackend(device).compile(g, { outputs: [y, h] })
    const out = await compiled.run({ x: new Float32Array(12), w: new Float32Array(15) })
    expect(copies).toEqual([4 * 4, 4 * 5 * 4])
    expect(buffers.find((b) => b.label === 'readback')?.size).toBe(96)
    expect(out.get(y).shape).toEqual([4])
    expect(out.get(h).data).toHaveLength(20)
    expect(() => out.get(g.nodes[0]!)).toThrow(/not read back/)
    expect(compiled.stats.readbackBytes).toBe(96)
  })

  it('names a missing or wrongly sized feed', async () => {
    const { device } = fakeDevice()
    const { g, y } = mlpGraph()
    const compiled = await new WebGpuBackend(device).compile(g, { outputs: [y] })
    await expect(compiled.run({ x: new Float32Array(12) })).rejects.toThrow(/no value fed for param 'w'/)
    await expect(compiled.run({ x: [1], w: new Float32Array(15) })).rejects.toThrow(
      /needs 12 values but was fed 1/,
    )
  })

  it('reports a kernel that does not compile with the compiler’s message and its numbered WGSL', async () => {
    const { device } = fakeDevice(LIMITS, true)
    const g = new GraphBuilder()
    const y = g.exp(g.input([3], { name: 'x' }))
    await expect(new WebGpuBackend(device).compile(g, { outputs: [y] })).rejects.toThrow(
      /the WGSL of exp #1 did not compile: error at 3:7: unknown identifier\n +1 {2}fn f32_bits/,
    )
  })

  it('refuses a buffer larger than the device binds, saying how many bytes it needs, and allocates nothing', async () => {
    const { device, buffers, scopes } = fakeDevice({ ...LIMITS, maxStorageBufferBindingSize: 1024 })
    const g = new GraphBuilder()
    const y = g.exp(g.input([1000], { name: 'x' }))
    await expect(new WebGpuBackend(device).compile(g, { outputs: [y] })).rejects.toThrow(
      /needs 4000 bytes but this device binds at most 1024 bytes/,
    )
    expect(buffers).toEqual([])
    expect(scopes.depth).toBe(0)
  })
})

describe('kernelConfigFor', () => {
  it('uses 64-thread workgroups and 16×16 matmul tiles within the WebGPU defaults', () => {
    expect(kernelConfigFor(LIMITS)).toEqual({
      workgroupSize: 64,
      matmulTile: 16,
      maxWorkgroupsPerDimension: 65535,
      scatterAdd: 'auto',
    })
  })

  it('falls back to smaller workgroups and tiles on a device with low limits', () => {
    const low = kernelConfigFor({
      ...LIMITS,
      maxComputeInvocationsPerWorkgroup: 48,
      maxComputeWorkgroupSizeX: 48,
      maxComputeWorkgroupStorageSize: 1024,
    })
    expect(low.workgroupSize).toBe(32)
    expect(low.matmulTile).toBe(4)
  })
})
