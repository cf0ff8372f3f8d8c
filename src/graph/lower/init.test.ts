import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { initTensors } from '../../engine'
import { lowerDocument } from './lowerDocument'
import { PARITY_MODELS } from './parity/models'
import { caseDocument } from './testing/layerCase'

/**
 * Initialization follows PyTorch's defaults: the parity fixtures hold weights PyTorch drew with
 * its default initializers, and each must be a plausible draw of the InitSpec the lowering
 * declares (inside a uniform's bounds and reaching near them, equal to a constant, or moments of
 * a normal).
 */

interface Fixture {
  name: string
  state: Record<string, { data: number[] }>
}

const DIR = join(__dirname, 'parity')
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith('.golden.json'))
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Fixture)

describe("parameters start as PyTorch's default initializers draw them", () => {
  for (const f of FIXTURES) {
    it(`declares PyTorch's initializer for every parameter and buffer of ${f.name}`, () => {
      const model = lowerDocument(PARITY_MODELS[f.name]!().doc, { batch: 2, training: true })
      for (const slot of [...model.params, ...model.buffers]) {
        const torch = f.state[slot.name]!.data
        const spec = slot.init
        if (spec.kind === 'constant')
          expect(
            torch.every((v) => v === spec.value),
            slot.name,
          ).toBe(true)
        else if (spec.kind === 'uniform') {
          const top = Math.max(...torch.map(Math.abs))
          expect(top, slot.name).toBeLessThanOrEqual(spec.high * (1 + 1e-6))
          expect(spec.low, slot.name).toBe(-spec.high)
          if (torch.length >= 24)
            expect(top, `${slot.name} reaches its bound`).toBeGreaterThan(0.8 * spec.high)
        } else {
          const mean = torch.reduce((a, b) => a + b, 0) / torch.length
          const std = Math.sqrt(torch.reduce((a, b) => a + (b - mean) ** 2, 0) / torch.length)
          expect(Math.abs(mean - spec.mean), slot.name).toBeLessThan(0.35 * spec.std)
          expect(std / spec.std, slot.name).toBeGreaterThan(0.75)
          expect(std / spec.std, slot.name).toBeLessThan(1.25)
        }
      }
    })
  }

  it("takes a transposed convolution's fan_in from its weight's dim 1, as PyTorch does", () => {
    const doc = caseDocument({
      name: 'ct',
      layer: 'convTranspose2d',
      params: { in_channels: 6, out_channels: 4, kernel_size: 3, groups: 2 },
      mode: 'eval',
      inputs: [{ shape: [1, 6, 3, 3], data: [] }],
    })
    const [w, b] = lowerDocument(doc, { batch: 1, training: false }).params
    expect(w!.shape).toEqual([6, 2, 3, 3])
    const bound = 1 / Math.sqrt(18)
    expect(w!.init).toEqual({
      kind: 'uniform',
      low: expect.closeTo(-bound, 12),
      high: expect.closeTo(bound, 12),
    })
    expect(b!.init).toEqual({
      kind: 'uniform',
      low: expect.closeTo(-bound, 12),
      high: expect.closeTo(bound, 12),
    })
  })

  it('draws the same weights for the same seed and keeps the padding row of an embedding zero', () => {
    const doc = caseDocument({
      name: 'e',
      layer: 'embedding',
      params: { num_embeddings: 5, embedding_dim: 3, padding_idx: 1 },
      mode: 'eval',
      inputs: [{ shape: [1, 2], dtype: 'i32', data: [] }],
    })
    const model = lowerDocument(doc, { batch: 1, training: false })
    const a = initTensors(model.params, 4)
    expect(a).toEqual(initTensors(model.params, 4))
    expect(Array.from(a['layer.weight']!.subarray(3, 6))).toEqual([0, 0, 0])
  })
})
