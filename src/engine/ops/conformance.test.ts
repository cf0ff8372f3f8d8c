import { describe, expect, it } from 'vitest'
import { CONFORMANCE } from './cases/index'
import { buildCase, gradientMismatches, precisionMismatches } from './conformance'
import { OPS } from './index'

describe('the conformance table', () => {
  it('lists every primitive of OPS and nothing else', () => {
    expect(Object.keys(CONFORMANCE).sort()).toEqual(Object.keys(OPS).sort())
  })

  it('files every case under an op its graph actually uses', () => {
    for (const [name, entry] of Object.entries(CONFORMANCE)) {
      if (!('cases' in entry)) continue
      for (const c of entry.cases) {
        const { g } = buildCase(c, 1)
        expect(
          g.nodes.some((v) => v.op === name),
          `${name}: ${c.name}`,
        ).toBe(true)
      }
    }
  })

  it('names each op after its registry key', () => {
    for (const [name, def] of Object.entries(OPS)) expect(def.name).toBe(name)
  })
})

for (const [name, entry] of Object.entries(CONFORMANCE)) {
  describe(`primitive ${name}`, () => {
    if (!('cases' in entry)) {
      it.skip(`has no cases: ${entry.excluded}`, () => {})
      return
    }
    for (const c of entry.cases) {
      it(`${c.name}: the f32 run agrees with the f64 run`, () => {
        expect(precisionMismatches(c)).toEqual([])
      })
      if (entry.noGradientCheck)
        it.skip(`${c.name}: gradient check skipped, ${entry.noGradientCheck}`, () => {})
      else
        it(`${c.name}: the VJP matches central finite differences in f64`, () => {
          expect(gradientMismatches(c)).toEqual([])
        })
    }
  })
}
