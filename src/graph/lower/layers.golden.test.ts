import { describe, expect, it } from 'vitest'
import { runCpu, type Value } from '../../engine'
import { LAYERS } from '../layers'
import golden from './goldens/layers.golden.json'
import { lowerDocument } from './lowerDocument'
import { findLowering } from './registry'
import { caseDocument, type LayerCase } from './testing/layerCase'

interface GoldenCase extends LayerCase {
  readonly state: Record<string, { shape: number[]; data: number[] }>
  readonly output: { shape: number[]; data: number[] }
  readonly buffersAfter?: Record<string, number[]>
  readonly tol: number
}

const CASES = golden.cases as unknown as GoldenCase[]

function mismatch(actual: ArrayLike<number>, expected: readonly number[], tol: number): string | undefined {
  if (actual.length !== expected.length) return `length ${actual.length} vs ${expected.length}`
  const scale = Math.max(1, ...expected.map(Math.abs))
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!
    const e = expected[i]!
    if (!(Math.abs(a - e) <= tol * scale)) return `entry ${i}: ${a} vs PyTorch ${e}`
  }
  return undefined
}

describe('every catalogue layer lowers with PyTorch semantics (float64 goldens)', () => {
  it('has a lowering for every catalogue layer but input, and a golden case for each', () => {
    const types = LAYERS.map((l) => l.type).filter((t) => t !== 'input')
    expect(types.filter((t) => !findLowering(t))).toEqual([])
    const covered = new Set(CASES.map((c) => c.layer))
    expect(types.filter((t) => !covered.has(t))).toEqual([])
  })

  for (const c of CASES) {
    it(`computes ${c.name} as PyTorch does, with its state_dict names`, () => {
      const model = lowerDocument(caseDocument(c), {
        batch: c.inputs[0]!.shape[0]!,
        training: c.mode === 'train',
      })
      const names = [...model.params, ...model.buffers].map((s) => s.name).sort()
      expect(names).toEqual(
        Object.keys(c.state)
          .map((k) => `layer.${k}`)
          .sort(),
      )
      for (const s of [...model.params, ...model.buffers])
        expect(s.shape, s.name).toEqual(c.state[s.name.slice('layer.'.length)]!.shape)
      const feeds: Record<string, readonly number[]> = {}
      c.inputs.forEach((t, i) => {
        feeds[`x${i}`] = t.data
      })
      for (const [k, v] of Object.entries(c.state)) feeds[`layer.${k}`] = v.data
      const out = model.outputs.out!
      const updated = model.buffers.filter((b) => b.next)
      const result = runCpu(model.graph, feeds, {
        outputs: [out, ...updated.map((b) => b.next as Value)],
        precision: 'f64',
      })
      expect(out.shape).toEqual(c.output.shape)
      expect(mismatch(result.get(out).data, c.output.data, c.tol)).toBeUndefined()
      for (const b of updated) {
        const expected = c.buffersAfter?.[b.name.slice('layer.'.length)]
        expect(expected, b.name).toBeDefined()
        expect(mismatch(result.get(b.next!).data, expected!, c.tol), b.name).toBeUndefined()
      }
    })
  }
})
