import { describe, expect, it } from 'vitest'
import { numel, Rng } from '../../engine'
import { TEMPLATES } from '../templates'
import { mlpSpirals } from '../templates/mlpSpirals'
import { compileDocument, optimizerFromSetup } from './compileDocument'

/** Random feeds for the data inputs of a compiled step: floats ~ N(0, 1), ints below `classes`. */
function randomBatch(
  inputs: readonly { name?: string; shape: readonly number[]; dtype: string }[],
  classes: number,
) {
  const rng = new Rng(9)
  const feeds: Record<string, number[]> = {}
  for (const v of inputs) {
    const n = numel(v.shape)
    feeds[v.name!] = Array.from({ length: n }, () => (v.dtype === 'i32' ? rng.int(classes) : rng.normal()))
  }
  return feeds
}

describe('compileDocument', () => {
  for (const t of TEMPLATES) {
    it(`compiles the ${t.id} template from its training setup and runs a step and an inference`, () => {
      const doc = t.create()
      const { step, inference, train } = compileDocument(doc, { batch: 2 })
      const classes = Math.min(...Object.values(train.outputs).map((o) => o.shape[1]!))
      const batch = randomBatch(step.batchInputs, Math.max(1, classes))
      const r = step.run(step.initialState(0), batch)
      expect(Number.isFinite(r.loss)).toBe(true)
      expect(r.state.step).toBe(1)
      const outputs = inference.run(r.state, batch)
      expect(Object.keys(outputs)).toEqual(doc.outputs.map((o) => o.name))
      for (const o of Object.values(outputs)) expect(Array.from(o.data).every(Number.isFinite)).toBe(true)
    })
  }

  it("trains the spirals MLP with the document's Adam setup: the loss falls", () => {
    const { step } = compileDocument(mlpSpirals(), { batch: 16 })
    const rng = new Rng(1)
    const x = Array.from({ length: 32 }, () => rng.normal())
    const target = Array.from({ length: 16 }, (_, i) => (x[2 * i]! * x[2 * i + 1]! > 0 ? 1 : 0))
    let state = step.initialState(0)
    const losses: number[] = []
    for (let k = 0; k < 60; k++) {
      const r = step.run(state, { point: x, target })
      state = r.state
      losses.push(r.loss)
    }
    expect(losses[59]!).toBeLessThan(losses[0]! * 0.5)
  })

  it('refuses a document without a training setup unless options fill it in', () => {
    const { training: _, ...doc } = mlpSpirals()
    expect(() => compileDocument(doc)).toThrow(/batch/)
    expect(() => compileDocument(doc, { batch: 2 })).toThrow(/loss/)
    expect(() => compileDocument(doc, { batch: 2, loss: { type: 'cross_entropy' } })).toThrow(/optimizer/)
    const ok = compileDocument(doc, {
      batch: 2,
      loss: { type: 'cross_entropy' },
      optimizer: { type: 'sgd', lr: 0.1 },
    })
    expect(ok.step.optimizer).toEqual({ type: 'sgd', lr: 0.1 })
  })

  it("maps the document's optimizer setup onto torch.optim arguments", () => {
    expect(optimizerFromSetup({ type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true })).toEqual({
      type: 'sgd',
      lr: 0.1,
      momentum: 0.9,
      nesterov: true,
    })
    expect(optimizerFromSetup({ type: 'adamw', lr: 1e-3, betas: [0.5, 0.9], weight_decay: 0.1 })).toEqual({
      type: 'adamw',
      lr: 1e-3,
      weight_decay: 0.1,
      betas: [0.5, 0.9],
    })
    expect(optimizerFromSetup({ type: 'rmsprop', lr: 0.01, eps: 1e-6 })).toEqual({
      type: 'rmsprop',
      lr: 0.01,
      eps: 1e-6,
    })
  })
})
