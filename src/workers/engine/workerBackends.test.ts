import { describe, expect, it } from 'vitest'
import type { WebGpuBackend } from '../../engine/webgpu/backend'
import type { Gpu } from '../../engine/webgpu/gpuTypes'
import { GpuHost } from './workerBackends'

/** A backend whose device can be destroyed, resolving `lost` as a real GPUDevice does. */
function fakeBackend(architecture: string) {
  let lose: (info: { reason: string; message: string }) => void = () => {}
  const lost = new Promise<{ reason: string; message: string }>((r) => {
    lose = r
  })
  const backend = {
    lost,
    adapterInfo: { vendor: 'google', architecture, description: '' },
    destroy: () => lose({ reason: 'destroyed', message: 'Device was destroyed.' }),
  }
  return backend as unknown as WebGpuBackend
}

const gpu = {} as Gpu
const tick = () => new Promise((r) => setTimeout(r, 0))

describe('GpuHost', () => {
  it('reports the loss of its device and makes a new one on the next use', async () => {
    const losses: string[] = []
    const made: WebGpuBackend[] = []
    const host = new GpuHost(
      gpu,
      (m) => losses.push(m),
      async () => {
        const b = fakeBackend(`gpu${made.length}`)
        made.push(b)
        return b
      },
    )
    const first = await host.backend()
    expect(await host.backend()).toBe(first)
    await host.loseDevice()
    await tick()
    expect(losses).toEqual(['destroyed: Device was destroyed.'])
    const second = await host.backend()
    expect(second).not.toBe(first)
    expect(made).toHaveLength(2)
    expect((await host.adapter())?.architecture).toBe('gpu1')
  })

  it('says WebGPU is missing when there is no navigator.gpu, and has no adapter', async () => {
    const host = new GpuHost(undefined, () => {})
    expect(host.unavailable).toMatch(/no navigator.gpu/)
    expect(await host.adapter()).toBeNull()
    await expect(host.backend()).rejects.toThrow(/WebGPU is not available/)
  })
})
