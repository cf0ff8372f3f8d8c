import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Lifetime, planSlots } from './memoryPlan'

describe('planSlots', () => {
  it('hands a dead value’s slot to a later value and reports the saving', () => {
    const plan = planSlots([
      { id: 1, bytes: 64, def: 0, lastUse: 1 },
      { id: 2, bytes: 64, def: 1, lastUse: 2 },
      { id: 3, bytes: 64, def: 2, lastUse: 3 },
    ])
    expect(plan.slotOf.get(3)).toBe(plan.slotOf.get(1))
    expect(plan.slotBytes).toEqual([64, 64])
    expect(plan.plannedBytes).toBe(128)
    expect(plan.naiveBytes).toBe(192)
  })

  it('never frees a slot in the step that last reads it, so a dispatch never reads and writes one buffer', () => {
    const plan = planSlots([
      { id: 1, bytes: 16, def: 0, lastUse: 1 },
      { id: 2, bytes: 16, def: 1, lastUse: 2 },
    ])
    expect(plan.slotOf.get(2)).not.toBe(plan.slotOf.get(1))
  })

  it('keeps a value read to the end (an output) out of every later value’s slot', () => {
    const plan = planSlots([
      { id: 1, bytes: 8, def: 0, lastUse: Number.POSITIVE_INFINITY },
      { id: 2, bytes: 8, def: 1, lastUse: 1 },
      { id: 3, bytes: 8, def: 2, lastUse: 3 },
    ])
    expect(plan.slotOf.get(3)).not.toBe(plan.slotOf.get(1))
    expect(plan.slotOf.get(3)).toBe(plan.slotOf.get(2))
  })

  it('grows the largest free slot rather than opening a new one', () => {
    const plan = planSlots([
      { id: 1, bytes: 8, def: 0, lastUse: 0 },
      { id: 2, bytes: 32, def: 1, lastUse: 1 },
    ])
    expect(plan.slotBytes).toEqual([32])
  })

  it('never gives two values that are alive at once the same slot, and every slot fits its values', () => {
    const lifetimes = fc
      .array(fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 5 })), { maxLength: 30 })
      .map((xs) =>
        xs.map(([kb, span], def): Lifetime => ({ id: def, bytes: kb * 4, def, lastUse: def + span })),
      )
    fc.assert(
      fc.property(lifetimes, (values) => {
        const plan = planSlots(values)
        for (const a of values) {
          expect(plan.slotBytes[plan.slotOf.get(a.id)!]!).toBeGreaterThanOrEqual(a.bytes)
          for (const b of values)
            if (a.id < b.id && b.def <= a.lastUse)
              expect(plan.slotOf.get(a.id)).not.toBe(plan.slotOf.get(b.id))
        }
        expect(plan.plannedBytes).toBeLessThanOrEqual(plan.naiveBytes)
      }),
    )
  })
})
