import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileTrainStep, type OptimizerConfig, type TensorMap, Trainer } from '../../../engine'
import { lowerDocument } from '../lowerDocument'
import { PARITY_MODELS } from './models'

/**
 * The PyTorch parity acceptance: each model of scripts/torchParityTraining.py, written as a Triad
 * document, lowered, compiled into one training step and run on the CPU backend in float32 from
 * PyTorch's initial weights on the same batches, gives every step's loss within 1e-4 relative.
 */

interface Tensor {
  shape: number[]
  dtype?: 'f32' | 'i32'
  data: number[]
}

interface Fixture {
  name: string
  optimizer: OptimizerConfig
  batch: number
  steps: number
  x: Tensor
  y: Tensor
  state: Record<string, Tensor>
  losses: number[]
  buffersAfter: Record<string, number[]>
  clipGradNorm?: number
}

const DIR = __dirname
const FIXTURES: Fixture[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.golden.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Fixture)

/** Rows start..start+count of a row-major tensor. */
function rows(t: Tensor, start: number, count: number): number[] {
  const width = t.shape.slice(1).reduce((a, b) => a * b, 1)
  return t.data.slice(start * width, (start + count) * width)
}

describe('training matches PyTorch step by step (float32 CPU backend)', () => {
  it('has a fixture for every parity model', () => {
    expect(FIXTURES.map((f) => f.name).sort()).toEqual(Object.keys(PARITY_MODELS).sort())
  })

  for (const f of FIXTURES) {
    it(`reproduces PyTorch's ${f.steps} losses of ${f.name} within 1e-4 relative`, () => {
      const { doc, input, loss } = PARITY_MODELS[f.name]!()
      const model = lowerDocument(doc, { batch: f.batch, training: true, loss: { type: loss } })
      const names = [...model.params, ...model.buffers].map((s) => s.name).sort()
      expect(names).toEqual(Object.keys(f.state).sort())
      for (const s of [...model.params, ...model.buffers])
        expect(s.shape, s.name).toEqual(f.state[s.name]!.shape)
      const step = compileTrainStep(model, {
        loss: model.loss!,
        optimizer: f.optimizer,
        ...(f.clipGradNorm !== undefined ? { clipGradNorm: f.clipGradNorm } : {}),
      })
      const load = (slots: readonly { name: string }[]): TensorMap =>
        Object.fromEntries(slots.map((s) => [s.name, Float32Array.from(f.state[s.name]!.data)]))
      const fresh = step.initialState(0)
      const trainer = new Trainer(step, {
        ...fresh,
        params: load(model.params),
        buffers: load(model.buffers),
      })
      const losses: number[] = []
      for (let k = 0; k < f.steps; k++) {
        const y = rows(f.y, k * f.batch, f.batch)
        losses.push(trainer.step({ [input]: rows(f.x, k * f.batch, f.batch), target: y }))
      }
      const worst = losses
        .map((l, k) => ({ k, rel: Math.abs(l - f.losses[k]!) / Math.abs(f.losses[k]!) }))
        .reduce((a, b) => (b.rel > a.rel ? b : a))
      expect(
        worst.rel,
        `step ${worst.k + 1}: ${losses[worst.k]} vs PyTorch ${f.losses[worst.k]}`,
      ).toBeLessThan(1e-4)
      for (const [name, expected] of Object.entries(f.buffersAfter)) {
        const got = Array.from(trainer.state.buffers[name]!)
        got.forEach((v, i) => {
          expect(Math.abs(v - expected[i]!), `${name}[${i}]`).toBeLessThan(
            1e-4 * Math.max(1, Math.abs(expected[i]!)),
          )
        })
      }
    })
  }
})
