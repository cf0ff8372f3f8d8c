import { describe, expect, it } from 'vitest'
import { SINGLE_LAYER_CASES, singleLayerDoc } from '../testing/singleLayerCases'
import { compareWithOnnxRuntime } from './onnxTesting'

/** Layer configurations the templates do not cover, each exported and run in onnxruntime. */
const CASES = SINGLE_LAYER_CASES

describe('each layer exported alone', () => {
  for (const c of CASES)
    it(`exports ${c.name} and onnxruntime matches Triad within 1e-4`, async () => {
      const doc = singleLayerDoc(c.type, c.params ?? {}, c.inputs)
      const { worst, scale } = await compareWithOnnxRuntime(doc, {
        batch: 3,
        seed: 7,
        intBound: c.intBound ?? 2,
      })
      expect(worst.out).toBeLessThan(1e-4)
      expect(scale.out).toBeGreaterThan(0)
    })
})
