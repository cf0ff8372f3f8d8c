/**
 * Memory planning by liveness: each intermediate value gets a slot (a reusable buffer) from the
 * moment its step writes it until the last step that reads it; a slot whose value is dead is
 * handed to a later value. Pure: the plan says which value lives in which slot, and how large
 * each slot must be; the CPU plan allocates the slots once and keeps them across runs.
 */

/** A value to place: written by step `def`, last read by step `lastUse` (>= def). */
export interface Lifetime {
  readonly id: number
  readonly bytes: number
  readonly def: number
  readonly lastUse: number
}

/** Where each value lives, and what the slots cost. */
export interface MemoryPlan {
  /** Slot of each planned value, by value id. */
  readonly slotOf: ReadonlyMap<number, number>
  /** Size of each slot in bytes (the largest value it ever holds). */
  readonly slotBytes: readonly number[]
  /** Bytes of all slots together: the intermediates' planned peak. */
  readonly plannedBytes: number
  /** Bytes the intermediates would take with one buffer each (no reuse). */
  readonly naiveBytes: number
}

/**
 * Assigns slots greedily in step order: a value takes the smallest free slot that fits it, else
 * the largest free slot (which grows to fit), else a new slot. A value's slot is free again only
 * after its last reader's step, so no step reads and writes one buffer.
 *
 * @example
 * planMemory([{ id: 1, bytes: 64, def: 0, lastUse: 1 }, { id: 2, bytes: 64, def: 1, lastUse: 2 },
 *             { id: 3, bytes: 64, def: 2, lastUse: 3 }]).slotBytes // [64, 64]: 3 reuses 1's slot
 */
export function planMemory(values: readonly Lifetime[]): MemoryPlan {
  const byDef = [...values].sort((a, b) => a.def - b.def || a.id - b.id)
  const slotOf = new Map<number, number>()
  const slotBytes: number[] = []
  const free = new Set<number>()
  // values to release after each step, by step
  const releases = new Map<number, number[]>()
  let naiveBytes = 0
  let next = 0
  const steps = [...new Set(byDef.map((v) => v.def))]
  for (const step of steps) {
    // a slot is free again once the step after its value's last reader begins
    for (const [at, slots] of releases)
      if (at < step) {
        for (const s of slots) free.add(s)
        releases.delete(at)
      }
    for (; next < byDef.length && byDef[next]!.def === step; next++) {
      const v = byDef[next]!
      naiveBytes += v.bytes
      const slot = takeSlot(v.bytes, free, slotBytes)
      slotOf.set(v.id, slot)
      const at = Math.max(v.lastUse, v.def)
      const list = releases.get(at) ?? []
      list.push(slot)
      releases.set(at, list)
    }
  }
  const plannedBytes = slotBytes.reduce((a, b) => a + b, 0)
  return { slotOf, slotBytes, plannedBytes, naiveBytes }
}

function takeSlot(bytes: number, free: Set<number>, slotBytes: number[]): number {
  let best = -1
  let largest = -1
  for (const s of free) {
    const size = slotBytes[s]!
    if (size >= bytes && (best < 0 || size < slotBytes[best]!)) best = s
    if (largest < 0 || size > slotBytes[largest]!) largest = s
  }
  const slot = best >= 0 ? best : largest
  if (slot >= 0) {
    free.delete(slot)
    slotBytes[slot] = Math.max(slotBytes[slot]!, bytes)
    return slot
  }
  slotBytes.push(bytes)
  return slotBytes.length - 1
}
