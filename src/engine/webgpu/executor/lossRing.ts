import { BUFFER_USAGE, type GpuBuffer, type GpuCommandEncoder, type GpuDevice, MAP_READ } from '../gpuTypes'

/** What one step left in its slot: its loss, gradient norm (0 when not clipping) and guard flag after it. */
export interface StepRecord {
  readonly step: number
  readonly loss: number
  readonly gradNorm: number
  /** 1 while every step so far had a finite loss; 0 from the first non-finite one on. */
  readonly ok: number
}

/** f32 values per step slot: loss, gradient norm, guard flag. */
const SLOT_FLOATS = 3
const SLOT_BYTES = SLOT_FLOATS * 4

/** One staging buffer of the ring and what it holds. */
export interface RingEntry {
  readonly buffer: GpuBuffer
  /** Steps whose slots the entry holds, once sealed. */
  steps: number[]
  /** The pending map; null while the entry is free or reserved. */
  mapped: Promise<void> | null
  records: StepRecord[] | null
  error: unknown
}

/**
 * Losses kept on the GPU and read back in windows. Each step copies its loss, gradient norm and
 * guard flag into the next slot of a small window buffer; when the window is full (every
 * `every` steps) or flushed, it is copied into one of a ring of staging buffers, which is mapped
 * asynchronously. No step ever waits on a readback: a step that opens a window waits only when
 * every staging buffer is still in flight (backpressure, `reserve`).
 */
export class LossRing {
  private readonly window: GpuBuffer
  private readonly entries: RingEntry[]
  /** Sealed entries, oldest first: mapped or being mapped. */
  private readonly inFlight: RingEntry[] = []
  /** The entry the open window will be sealed into (reserved when the window opened). */
  private current: RingEntry | null = null
  private filled: number[] = []
  /** Records of entries freed by `reserve` before `take` got to them, in step order. */
  private readonly parked: StepRecord[] = []
  /** mapAsync calls made so far (one per window). */
  readbacks = 0

  constructor(
    private readonly device: GpuDevice,
    readonly every: number,
    ringSize: number,
  ) {
    if (!Number.isInteger(every) || every < 1)
      throw new Error(`readbackEvery must be a positive integer, not ${every}.`)
    if (!Number.isInteger(ringSize) || ringSize < 1)
      throw new Error(`the ring needs at least 1 buffer, not ${ringSize}.`)
    const bytes = every * SLOT_BYTES
    this.window = device.createBuffer({
      size: bytes,
      usage: BUFFER_USAGE.COPY_SRC | BUFFER_USAGE.COPY_DST,
      label: 'loss window',
    })
    this.entries = Array.from({ length: ringSize }, (_, k) => ({
      buffer: device.createBuffer({
        size: bytes,
        usage: BUFFER_USAGE.MAP_READ | BUFFER_USAGE.COPY_DST,
        label: `loss staging ${k}`,
      }),
      steps: [],
      mapped: null,
      records: null,
      error: undefined,
    }))
  }

  /** Whether the next step opens a window (and so must `reserve` first). */
  get opening(): boolean {
    return this.current === null
  }

  /** Whether the open window is full (seal it in the same command buffer as its last step). */
  get full(): boolean {
    return this.filled.length === this.every
  }

  /**
   * Reserves a staging buffer for the window about to open, waiting for the oldest in flight
   * when every one is (that is the executor's backpressure).
   */
  async reserve(): Promise<void> {
    if (this.current) return
    for (;;) {
      const free = this.entries.find((e) => e.mapped === null && !this.inFlight.includes(e))
      if (free) {
        this.current = free
        return
      }
      const oldest = this.inFlight[0]!
      await oldest.mapped!.catch(() => undefined)
      // the oldest stays in `inFlight` until `take` hands its records out; free it now that it is read
      if (oldest.records === null) throw oldest.error
      this.parked.push(...oldest.records)
      this.inFlight.shift()
      oldest.mapped = null
      oldest.records = null
    }
  }

  /** Copies one step's loss (and gradient norm) and the guard flag into the window's next slot. */
  recordStep(
    encoder: GpuCommandEncoder,
    step: number,
    loss: GpuBuffer,
    gradNorm: GpuBuffer | null,
    flag: GpuBuffer,
  ): void {
    if (!this.current) throw new Error('LossRing: reserve a staging buffer before recording a step.')
    const at = this.filled.length * SLOT_BYTES
    encoder.copyBufferToBuffer(loss, 0, this.window, at, 4)
    if (gradNorm) encoder.copyBufferToBuffer(gradNorm, 0, this.window, at + 4, 4)
    encoder.copyBufferToBuffer(flag, 0, this.window, at + 8, 4)
    this.filled.push(step)
  }

  /**
   * Records the copy of the open window into its staging buffer; after submitting, call `map` with
   * what this returns. Null when the window is empty.
   */
  seal(encoder: GpuCommandEncoder): RingEntry | null {
    const entry = this.current
    if (!entry || this.filled.length === 0) return null
    encoder.copyBufferToBuffer(this.window, 0, entry.buffer, 0, this.filled.length * SLOT_BYTES)
    entry.steps = this.filled
    this.filled = []
    this.current = null
    return entry
  }

  /** Maps a sealed entry (after the submit that fills it): one readback for the whole window. */
  map(entry: RingEntry): void {
    const bytes = entry.steps.length * SLOT_BYTES
    this.readbacks++
    this.inFlight.push(entry)
    entry.records = null
    entry.error = undefined
    entry.mapped = entry.buffer.mapAsync(MAP_READ, 0, bytes).then(
      () => {
        const data = new Float32Array(entry.buffer.getMappedRange(0, bytes).slice(0))
        entry.buffer.unmap()
        entry.records = entry.steps.map((step, k) => ({
          step,
          loss: data[k * SLOT_FLOATS]!,
          gradNorm: data[k * SLOT_FLOATS + 1]!,
          ok: data[k * SLOT_FLOATS + 2]!,
        }))
      },
      (e: unknown) => {
        entry.error = e
        throw e
      },
    )
    // a failure is reported by `take`/`drain`, not as an unhandled rejection
    entry.mapped.catch(() => undefined)
  }

  /** Seals and submits the open window now, whatever its fill (for `losses(true)`, `state`). */
  flush(): void {
    if (this.filled.length === 0) return
    const encoder = this.device.createCommandEncoder({ label: 'loss window flush' })
    const entry = this.seal(encoder)
    this.device.queue.submit([encoder.finish()])
    if (entry) this.map(entry)
  }

  /** The records read back so far, in step order; each is handed out once. Throws a failed map's error. */
  take(): StepRecord[] {
    const out = this.parked.splice(0)
    while (this.inFlight.length > 0) {
      const head = this.inFlight[0]!
      if (head.error !== undefined) throw head.error
      if (head.records === null) break
      out.push(...head.records)
      this.inFlight.shift()
      head.mapped = null
      head.records = null
    }
    return out
  }

  /** Waits until every sealed window is read back. */
  async drain(): Promise<void> {
    for (const e of [...this.inFlight]) await e.mapped
  }

  destroy(): void {
    this.window.destroy()
    for (const e of this.entries) e.buffer.destroy()
  }
}
