/**
 * Memory planning by liveness for GPU buffers: each intermediate value needs its buffer from the
 * step that writes it to the last step that reads it; a buffer whose value is dead is handed to
 * a later value. A slot is free again only after its last reader's step, so no dispatch binds
 * one buffer for reading and writing (WebGPU forbids that). Pure: it says which value lives in
 * which slot and how large each slot is; the compiled graph allocates the slots once.
 */

/** A value to place: written by step `def`, last read by step `lastUse` (Infinity: kept to the end). */
export interface Lifetime {
  readonly id: number
  readonly bytes: number
  readonly def: number
  readonly lastUse: number
}

/** Where each value lives and what the slots cost. */
export interface SlotPlan {
  /** Slot of each planned value, by value id. */
  readonly slotOf: ReadonlyMap<number, number>
  /** Bytes of each slot: the largest value it ever holds. */
  readonly slotBytes: readonly number[]
  /** Bytes of all slots together: the planned peak of the intermediates. */
  readonly plannedBytes: number
  /** Bytes the same values would take with a buffer each. */
  readonly naiveBytes: number
}

/**
 * Assigns slots in step order: a value takes the smallest free slot that fits, else the largest
 * free slot (grown to fit), else a new slot.
 *
 * @example
 * planSlots([{ id: 1, bytes: 64, def: 0, lastUse: 1 }, { id: 2, bytes: 64, def: 1, lastUse: 2 },
 *            { id: 3, bytes: 64, def: 2, lastUse: 3 }]).slotBytes // [64, 64]: 3 reuses 1's slot
 */
export function planSlots(values: readonly Lifetime[]): SlotPlan {
  const order = [...values].sort((a, b) => a.def - b.def || a.id - b.id)
  const slotOf = new Map<number, number>()
  const slotBytes: number[] = []
  // slots in use, with the step after which they are free
  const busy: { slot: number; until: number }[] = []
  const free: number[] = []
  let naiveBytes = 0
  for (const v of order) {
    for (let k = busy.length - 1; k >= 0; k--)
      if (busy[k]!.until < v.def) {
        free.push(busy[k]!.slot)
        busy.splice(k, 1)
      }
    naiveBytes += v.bytes
    let best = -1
    for (let k = 0; k < free.length; k++) {
      const size = slotBytes[free[k]!]!
      const bestSize = best < 0 ? -1 : slotBytes[free[best]!]!
      const fits = size >= v.bytes
      const bestFits = bestSize >= v.bytes
      // prefer the smallest slot that fits; failing that, the largest one (it grows least)
      if (best < 0 || (fits && (!bestFits || size < bestSize)) || (!fits && !bestFits && size > bestSize))
        best = k
    }
    let slot: number
    if (best >= 0) {
      slot = free[best]!
      free.splice(best, 1)
      slotBytes[slot] = Math.max(slotBytes[slot]!, v.bytes)
    } else {
      slot = slotBytes.length
      slotBytes.push(v.bytes)
    }
    slotOf.set(v.id, slot)
    busy.push({ slot, until: Math.max(v.lastUse, v.def) })
  }
  return { slotOf, slotBytes, plannedBytes: slotBytes.reduce((a, b) => a + b, 0), naiveBytes }
}
