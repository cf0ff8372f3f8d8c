import { describe, expect, it } from 'vitest'
import type { GpuBuffer, GpuCommandEncoder, GpuDevice } from '../gpuTypes'
import { LossRing } from './lossRing'

/**
 * A device double that does what the ring relies on: buffers are bytes, copies run on submit in
 * order, and a map resolves only when the test releases it (so "in flight" is under test control).
 */
function fakeDevice() {
  const pendingMaps: (() => void)[] = []
  let maps = 0
  const makeBuffer = (size: number): GpuBuffer & { bytes: Uint8Array } => {
    const bytes = new Uint8Array(size)
    return {
      label: '',
      size,
      bytes,
      mapAsync: () => {
        maps++
        return new Promise<void>((resolve) => pendingMaps.push(resolve))
      },
      getMappedRange: (offset = 0, length = size - offset) => bytes.slice(offset, offset + length).buffer,
      unmap: () => undefined,
      destroy: () => undefined,
    }
  }
  type Fake = ReturnType<typeof makeBuffer>
  const encoder = (): GpuCommandEncoder & { ops: (() => void)[] } => {
    const ops: (() => void)[] = []
    return {
      ops,
      beginComputePass: () => {
        throw new Error('no passes here')
      },
      copyBufferToBuffer: (src, srcOffset, dst, dstOffset, size) => {
        ops.push(() =>
          (dst as Fake).bytes.set((src as Fake).bytes.subarray(srcOffset, srcOffset + size!), dstOffset),
        )
      },
      finish: () => ({ label: '', ops }) as unknown as ReturnType<GpuCommandEncoder['finish']>,
    }
  }
  const device = {
    createBuffer: ({ size }: { size: number }) => makeBuffer(size),
    createCommandEncoder: encoder,
    queue: {
      submit: (buffers: unknown[]) => {
        for (const b of buffers) for (const op of (b as { ops: (() => void)[] }).ops) op()
      },
    },
  } as unknown as GpuDevice
  /** A 4-byte buffer holding `x`, as a step's loss or flag buffer. */
  const scalar = (x: number) => {
    const b = makeBuffer(4)
    new Float32Array(b.bytes.buffer)[0] = x
    return b
  }
  const release = async () => {
    for (const resolve of pendingMaps.splice(0)) resolve()
    await new Promise((r) => setTimeout(r, 0))
  }
  return { device, scalar, release, maps: () => maps, encoder }
}

/** Records one step as the executor does: reserve at a window's start, seal when it is full. */
async function step(ring: LossRing, fake: ReturnType<typeof fakeDevice>, n: number, loss: number, ok = 1) {
  if (ring.opening) await ring.reserve()
  const enc = fake.encoder()
  ring.recordStep(enc, n, fake.scalar(loss), fake.scalar(n / 10), fake.scalar(ok))
  const sealed = ring.full ? ring.seal(enc) : null
  fake.device.queue.submit([enc.finish()])
  if (sealed) ring.map(sealed)
}

describe('LossRing', () => {
  it('maps once a window and hands each step loss, gradient norm and flag out once, in order', async () => {
    const fake = fakeDevice()
    const ring = new LossRing(fake.device, 3, 2)
    for (let n = 1; n <= 6; n++) await step(ring, fake, n, n * 1.5)
    expect(fake.maps()).toBe(2)
    expect(ring.take()).toEqual([])
    await fake.release()
    const records = ring.take()
    expect(records.map((r) => [r.step, r.loss, r.ok])).toEqual([1, 2, 3, 4, 5, 6].map((n) => [n, n * 1.5, 1]))
    expect(records[1]!.gradNorm).toBeCloseTo(0.2, 6)
    expect(ring.take()).toEqual([])
  })

  it('makes the step that opens a window wait while every staging buffer is in flight', async () => {
    const fake = fakeDevice()
    const ring = new LossRing(fake.device, 2, 2)
    for (let n = 1; n <= 4; n++) await step(ring, fake, n, n)
    let opened = false
    const fifth = step(ring, fake, 5, 5).then(() => {
      opened = true
    })
    await new Promise((r) => setTimeout(r, 5))
    expect(opened).toBe(false)
    await fake.release()
    await fifth
    expect(opened).toBe(true)
    // the records of the windows freed while waiting are not lost
    expect(ring.take().map((r) => r.step)).toEqual([1, 2, 3, 4])
  })

  it('flushes a partial window with one more map', async () => {
    const fake = fakeDevice()
    const ring = new LossRing(fake.device, 10, 3)
    for (let n = 1; n <= 4; n++) await step(ring, fake, n, n, n < 3 ? 1 : 0)
    expect(fake.maps()).toBe(0)
    ring.flush()
    expect(fake.maps()).toBe(1)
    await fake.release()
    await ring.drain()
    expect(ring.take().map((r) => [r.step, r.ok])).toEqual([
      [1, 1],
      [2, 1],
      [3, 0],
      [4, 0],
    ])
    ring.flush()
    expect(fake.maps()).toBe(1)
  })

  it('rejects a window size or ring size that is not a positive integer', () => {
    const fake = fakeDevice()
    expect(() => new LossRing(fake.device, 0, 2)).toThrow(/readbackEvery must be a positive integer/)
    expect(() => new LossRing(fake.device, 4, 0)).toThrow(/at least 1 buffer/)
  })
})
