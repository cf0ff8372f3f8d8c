import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Lifetime, planMemory } from './memoryPlan'

describe('planMemory', () => {
  it('hands a dead value’s slot to a later value', () => {
    const plan = planMemory([
      { id: 1, bytes: 64, def: 0, lastUse: 1 },
      { id: 2, bytes: 64, def: 1, lastUse: 2 },
      { id: 3, bytes: 64, def: 2, lastUse: 3 },
    ])
    expect(plan.slotBytes).toEqual([64, 64])
    expect(plan.slotOf.get(3)).toBe(plan.slotOf.get(1))
    expect(plan.plannedBytes).toBe(128)
    expect(plan.naiveBytes).toBe(192)
  })

  it('never lets a step write into a slot it reads', () => {
    // value 2 is written by step 1, which reads value 1 for the last time
    const plan = planMemory([
      { id: 1, bytes: 8, def: 0, lastUse: 1 },
      { id: 2, bytes: 8, def: 1, lastUse: 2 },
    ])
    expect(plan.slotOf.get(1)).not.toBe(plan.slotOf.get(2))
  })

  it('prefers the smallest free slot that fits, else grows the largest free one', () => {
    const plan = planMemory([
      { id: 1, bytes: 100, def: 0, lastUse: 1 },
      { id: 2, bytes: 10, def: 0, lastUse: 1 },
      { id: 3, bytes: 8, def: 2, lastUse: 3 },
      { id: 4, bytes: 200, def: 2, lastUse: 3 },
    ])
    expect(plan.slotOf.get(3)).toBe(plan.slotOf.get(2))
    expect(plan.slotOf.get(4)).toBe(plan.slotOf.get(1))
    expect(plan.slotBytes).toEqual([200, 10])
  })

  it('keeps values that are alive at once in different slots, each slot large enough', () => {
    const lifetime = fc
      .record({ bytes: fc.integer({ min: 1, max: 1000 }), def: fc.nat(30), span: fc.nat(10) })
      .map(({ bytes, def, span }) => ({ bytes, def, lastUse: def + span }))
    fc.assert(
      fc.property(fc.array(lifetime, { maxLength: 40 }), (raw) => {
        const values: Lifetime[] = raw.map((v, id) => ({ id, ...v }))
        const plan = planMemory(values)
        for (const v of values) expect(plan.slotBytes[plan.slotOf.get(v.id)!]).toBeGreaterThanOrEqual(v.bytes)
        for (const a of values)
          for (const b of values) {
            if (a.id >= b.id || plan.slotOf.get(a.id) !== plan.slotOf.get(b.id)) continue
            // sharing a slot: one value's last use comes strictly before the other's definition
            expect(a.lastUse < b.def || b.lastUse < a.def).toBe(true)
          }
        expect(plan.plannedBytes).toBeLessThanOrEqual(plan.naiveBytes)
        expect(plan.naiveBytes).toBe(values.reduce((s, v) => s + v.bytes, 0))
      }),
    )
  })
})
