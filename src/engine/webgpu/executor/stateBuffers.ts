import { formatShape, numel } from '../../ir/shape'
import type { CompiledTrainStep, StateSlot, TrainState } from '../../train/compileTrainStep'
import type { TensorMap } from '../../train/modelGraph'
import { BUFFER_USAGE, type GpuBuffer, type GpuDevice, MAP_READ } from '../gpuTypes'

/** The state slot's tensor in a `TrainState`, by its kind. */
function tensorsOf(state: Pick<TrainState, 'params' | 'buffers' | 'optimizer'>, slot: StateSlot): TensorMap {
  return slot.kind === 'param' ? state.params : slot.kind === 'buffer' ? state.buffers : state.optimizer
}

/** A state slot's bytes on the GPU: 4 an element, at least 4 (a binding cannot be empty). */
function slotBytes(slot: StateSlot): number {
  return Math.max(4, numel(slot.input.shape) * 4)
}

/**
 * The training state on the GPU: one buffer per parameter, optimizer state tensor and buffer,
 * plus the non-finite guard's 1-element flag. The compiled graphs of every batch size read them
 * in place (external feeds) and copy their updated values back into them after each step, so
 * the state never leaves the device between steps.
 */
export class StateBuffers {
  /** Buffers by feed name (the guard flag under its own feed name). */
  readonly byFeed = new Map<string, GpuBuffer>()
  readonly flag: GpuBuffer
  readonly bytes: number

  constructor(
    private readonly device: GpuDevice,
    private readonly slots: readonly StateSlot[],
    guardFeed: string,
  ) {
    const usage = BUFFER_USAGE.STORAGE | BUFFER_USAGE.COPY_SRC | BUFFER_USAGE.COPY_DST
    let bytes = 4
    for (const s of slots) {
      this.byFeed.set(s.feed, device.createBuffer({ size: slotBytes(s), usage, label: `state ${s.feed}` }))
      bytes += slotBytes(s)
    }
    this.flag = device.createBuffer({ size: 4, usage, label: guardFeed })
    this.byFeed.set(guardFeed, this.flag)
    this.bytes = bytes
  }

  /**
   * Throws unless `step` reads and writes exactly these state tensors with these shapes (the step
   * compiled for another batch size must share the state of the first).
   */
  checkStep(step: CompiledTrainStep): void {
    const mine = new Map(this.slots.map((s) => [s.feed, s]))
    const theirs = step.stateSlots
    const differs =
      theirs.length !== this.slots.length ||
      theirs.some((s) => {
        const m = mine.get(s.feed)
        return !m || m.kind !== s.kind || formatShape(m.input.shape) !== formatShape(s.input.shape)
      })
    if (differs)
      throw new Error(
        'the step compiled for another batch size has other state tensors than the first: ' +
          'stepFor must lower the same model at every batch size.',
      )
  }

  /** Writes `state`'s tensors into the buffers and sets the guard flag to 1 (steps run again). */
  upload(state: TrainState): void {
    for (const s of this.slots) {
      const data = tensorsOf(state, s)[s.key]
      const n = numel(s.input.shape)
      if (!data) throw new Error(`the training state has no ${s.kind} '${s.key}'.`)
      if (data.length !== n)
        throw new Error(
          `${s.kind} '${s.key}' ${formatShape(s.input.shape)} needs ${n} values but the state has ${data.length}.`,
        )
      if (n === 0) continue
      const gpu = s.input.dtype === 'i32' ? Int32Array.from(data) : Float32Array.from(data)
      this.device.queue.writeBuffer(this.byFeed.get(s.feed)!, 0, gpu)
    }
    this.device.queue.writeBuffer(this.flag, 0, Float32Array.of(1))
  }

  /**
   * Reads every state tensor back through one staging buffer (after all submitted work): the
   * only time the state crosses to the host. Returns copies as f32 arrays.
   */
  async download(): Promise<Pick<TrainState, 'params' | 'buffers' | 'optimizer'>> {
    const staging = this.device.createBuffer({
      size: this.bytes,
      usage: BUFFER_USAGE.MAP_READ | BUFFER_USAGE.COPY_DST,
      label: 'state readback',
    })
    try {
      const encoder = this.device.createCommandEncoder({ label: 'state readback' })
      const offsets: number[] = []
      let at = 0
      for (const s of this.slots) {
        offsets.push(at)
        encoder.copyBufferToBuffer(this.byFeed.get(s.feed)!, 0, staging, at, slotBytes(s))
        at += slotBytes(s)
      }
      this.device.queue.submit([encoder.finish()])
      await staging.mapAsync(MAP_READ)
      const bytes = staging.getMappedRange().slice(0)
      staging.unmap()
      const out = { params: {} as TensorMap, buffers: {} as TensorMap, optimizer: {} as TensorMap }
      this.slots.forEach((s, k) => {
        const n = numel(s.input.shape)
        const raw =
          s.input.dtype === 'i32'
            ? new Int32Array(bytes, offsets[k]!, n)
            : new Float32Array(bytes, offsets[k]!, n)
        tensorsOf(out, s)[s.key] = Float32Array.from(raw)
      })
      return out
    } finally {
      staging.destroy()
    }
  }

  destroy(): void {
    for (const b of this.byFeed.values()) b.destroy()
  }
}
