import { describe, expect, it } from 'vitest'
import { chooseBackend, isSoftwareAdapter, timeExecutor } from './chooseBackend'

const swiftshader = { vendor: 'google', architecture: 'swiftshader', description: '' }
const nvidia = { vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA RTX' }
const probeWith = (rates: { webgpu: number | Error; cpu: number }) => async (b: 'webgpu' | 'cpu') => {
  const r = rates[b]
  if (r instanceof Error) throw r
  return r
}

describe('chooseBackend', () => {
  it('recognises SwiftShader, llvmpipe and fallback adapters as software, a real GPU as hardware', () => {
    expect(isSoftwareAdapter(swiftshader)).toBe(true)
    expect(isSoftwareAdapter({ description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(true)
    expect(isSoftwareAdapter({ architecture: 'gen-12', isFallbackAdapter: true })).toBe(true)
    expect(isSoftwareAdapter(nvidia)).toBe(false)
  })

  it('takes WebGPU on a hardware adapter without probing', async () => {
    let probed = false
    const d = await chooseBackend('auto', {
      adapter: nvidia,
      probe: async () => {
        probed = true
        return 1
      },
    })
    expect(d).toMatchObject({ backend: 'webgpu', reason: 'auto: webgpu on ampere, a hardware adapter' })
    expect(probed).toBe(false)
  })

  it('takes the faster backend of a probe on a software adapter, and says both rates', async () => {
    const slow = await chooseBackend('auto', {
      adapter: swiftshader,
      probe: probeWith({ webgpu: 38, cpu: 412 }),
    })
    expect(slow.backend).toBe('cpu')
    expect(slow.reason).toMatch(
      /auto: cpu, faster in a probe on swiftshader .*webgpu 38 steps\/s, cpu 412 steps\/s/,
    )
    const fast = await chooseBackend('auto', {
      adapter: swiftshader,
      probe: probeWith({ webgpu: 500, cpu: 412 }),
    })
    expect(fast.backend).toBe('webgpu')
  })

  it('falls back to the CPU when the WebGPU probe fails, or there is no adapter', async () => {
    const failed = await chooseBackend('auto', {
      adapter: swiftshader,
      probe: probeWith({ webgpu: new Error('the WGSL of matmul did not compile'), cpu: 10 }),
    })
    expect(failed).toMatchObject({ backend: 'cpu' })
    expect(failed.reason).toMatch(/webgpu failed on swiftshader \(the WGSL of matmul did not compile\)/)
    const none = await chooseBackend('auto', {
      adapter: null,
      unavailable: 'this browser has no navigator.gpu',
    })
    expect(none).toEqual({ backend: 'cpu', reason: 'auto: cpu, as this browser has no navigator.gpu' })
  })

  it('keeps the user override, and refuses webgpu without an adapter with the fix', async () => {
    expect((await chooseBackend('cpu', { adapter: nvidia })).backend).toBe('cpu')
    expect((await chooseBackend('webgpu', { adapter: swiftshader })).backend).toBe('webgpu')
    await expect(chooseBackend('webgpu', { adapter: null })).rejects.toThrow(
      /WebGPU is not available: .*Choose the cpu \(or auto\) backend/,
    )
  })

  it('times steps after a warm-up step and destroys the executor', async () => {
    let clock = 0
    let enqueued = 0
    let destroyed = false
    const executor = {
      backend: 'cpu' as const,
      queued: 0,
      enqueue: async () => {
        enqueued++
        clock += enqueued === 1 ? 1000 : 10 // the warm-up is slow, and not counted
      },
      losses: async () => [],
      state: async () => {
        throw new Error('unused')
      },
      load: async () => {},
      destroy: () => {
        destroyed = true
      },
    }
    const rate = await timeExecutor(executor, {}, () => clock, 5)
    expect(rate).toBeCloseTo(100)
    expect(enqueued).toBe(6)
    expect(destroyed).toBe(true)
  })
})
