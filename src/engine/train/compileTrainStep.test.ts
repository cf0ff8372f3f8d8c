import { describe, expect, it } from 'vitest'
import { kaimingUniform, ZEROS } from '../init/init'
import { GraphBuilder } from '../ir/builder'
import { stepLr } from '../optim/schedule'
import { compileInference } from './compileInference'
import { compileTrainStep, drawNoise, optimizerStateKey } from './compileTrainStep'
import type { ModelGraph } from './modelGraph'
import { Trainer } from './trainer'

/** y = x·wᵀ + b with an MSE loss against `target`: small enough to check by hand. */
function linearModel(batch: number) {
  const g = new GraphBuilder()
  const x = g.input([batch, 2], { name: 'x' })
  const target = g.input([batch, 1], { name: 'target' })
  const w = g.param('fc.weight', [1, 2])
  const b = g.param('fc.bias', [1])
  const y = g.add(g.matmul(x, g.transpose(w, 0, 1)), b)
  const d = g.sub(y, target)
  const loss = g.mean(g.mul(d, d))
  const model: ModelGraph = {
    graph: g,
    params: [
      { name: 'fc.weight', shape: [1, 2], init: kaimingUniform([1, 2]), value: w },
      { name: 'fc.bias', shape: [1], init: ZEROS, value: b },
    ],
    buffers: [],
    noise: [],
  }
  return { model, loss, y }
}

describe('compileTrainStep', () => {
  it('runs forward, backward and an SGD update in one graph', () => {
    const { model, loss } = linearModel(2)
    const step = compileTrainStep(model, { loss, optimizer: { type: 'sgd', lr: 0.5 } })
    const state = {
      ...step.initialState(0),
      params: { 'fc.weight': Float32Array.of(1, -1), 'fc.bias': Float32Array.of(0) },
    }
    // x = [[1, 2], [3, 1]], target = [0, 1]: y = [-1, 2], d = [-1, 1], loss = 1
    const r = step.run(state, { x: [1, 2, 3, 1], target: [0, 1] })
    expect(r.loss).toBeCloseTo(1, 6)
    // dL/dw = mean(2·d·x) = [(−2 + 6) / 2, (−4 + 2) / 2] = [2, −1]; dL/db = mean(2d) = 0
    expect(Array.from(r.state.params['fc.weight']!)).toEqual([0, -0.5])
    expect(Array.from(r.state.params['fc.bias']!)).toEqual([0])
    expect(r.state.step).toBe(1)
    // the input state is untouched
    expect(Array.from(state.params['fc.weight'])).toEqual([1, -1])
  })

  it('lists the data inputs and keeps zeroed optimizer state per parameter slot', () => {
    const { model, loss } = linearModel(3)
    const step = compileTrainStep(model, { loss, optimizer: { type: 'adam', lr: 0.01 } })
    expect(step.batchInputs.map((v) => v.name).sort()).toEqual(['target', 'x'])
    const s = step.initialState(1)
    expect(Object.keys(s.optimizer).sort()).toEqual([
      optimizerStateKey('fc.bias', 'exp_avg'),
      optimizerStateKey('fc.bias', 'exp_avg_sq'),
      optimizerStateKey('fc.weight', 'exp_avg'),
      optimizerStateKey('fc.weight', 'exp_avg_sq'),
    ])
    expect(Array.from(s.params['fc.bias']!)).toEqual([0])
    const bound = 1 / Math.sqrt(2)
    for (const v of s.params['fc.weight']!) expect(Math.abs(v)).toBeLessThanOrEqual(bound)
  })

  it('reports the gradient norm and clips to max_norm', () => {
    const { model, loss } = linearModel(2)
    const step = compileTrainStep(model, { loss, optimizer: { type: 'sgd', lr: 1 }, clipGradNorm: 0.5 })
    const state = {
      ...step.initialState(0),
      params: { 'fc.weight': Float32Array.of(1, -1), 'fc.bias': Float32Array.of(0) },
    }
    const r = step.run(state, { x: [1, 2, 3, 1], target: [0, 1] })
    expect(r.gradNorm).toBeCloseTo(Math.sqrt(5), 5)
    const moved = Array.from(r.state.params['fc.weight']!, (v, i) => v - [1, -1][i]!)
    expect(Math.hypot(...moved)).toBeCloseTo(0.5, 5)
  })

  it('updates buffers with their training-mode value and leaves the others', () => {
    const { model, loss } = linearModel(2)
    const g = model.graph
    const count = g.input([], { name: 'count' })
    const stale = g.input([2], { name: 'stale' })
    const withBuffers: ModelGraph = {
      ...model,
      buffers: [
        { name: 'count', shape: [], init: ZEROS, value: count, next: g.add(count, 1) },
        { name: 'stale', shape: [2], init: ZEROS, value: stale },
      ],
    }
    const step = compileTrainStep(withBuffers, { loss, optimizer: { type: 'sgd', lr: 0.1 } })
    let state = step.initialState(0)
    for (let i = 0; i < 3; i++) state = step.run(state, { x: [1, 2, 3, 1], target: [0, 1] }).state
    expect(Array.from(state.buffers.count!)).toEqual([3])
    expect(Array.from(state.buffers.stale!)).toEqual([0, 0])
  })

  it('feeds fresh, reproducible noise every step', () => {
    const g = new GraphBuilder()
    const w = g.param('w', [64])
    const noise = g.input([64], { name: 'drop#noise' })
    const loss = g.sum(g.mul(w, g.lt(0.5, noise)))
    const model: ModelGraph = {
      graph: g,
      params: [{ name: 'w', shape: [64], init: { kind: 'constant', value: 1 }, value: w }],
      buffers: [],
      noise: [{ name: 'drop#noise', value: noise }],
    }
    const step = compileTrainStep(model, { loss, optimizer: { type: 'sgd', lr: 0 } })
    const s0 = step.initialState(0)
    const a = step.run(s0, {}, { seed: 1 })
    const again = step.run(s0, {}, { seed: 1 })
    const next = step.run(a.state, {}, { seed: 1 })
    const other = step.run(s0, {}, { seed: 2 })
    expect(a.loss).toBe(again.loss)
    expect(a.loss).toBeGreaterThan(16)
    expect(a.loss).toBeLessThan(48)
    expect([next.loss, other.loss]).not.toEqual([a.loss, a.loss])
    expect(drawNoise(model.noise, 1, 0)['drop#noise']).toEqual(drawNoise(model.noise, 1, 0)['drop#noise'])
  })

  it('refuses a loss that is not a single number and a missing state tensor', () => {
    const { model, y } = linearModel(2)
    expect(() => compileTrainStep(model, { loss: y, optimizer: { type: 'sgd', lr: 0.1 } })).toThrow(
      /single number/,
    )
    const fresh = linearModel(2)
    const step = compileTrainStep(fresh.model, { loss: fresh.loss, optimizer: { type: 'sgd', lr: 0.1 } })
    const s = step.initialState(0)
    expect(() => step.run({ ...s, params: {} }, { x: [1, 2, 3, 4], target: [0, 1] })).toThrow(/fc.weight/)
  })
})

describe('Trainer', () => {
  it('records every loss, steps the schedule and drives the loss down', () => {
    const { model, loss } = linearModel(4)
    const step = compileTrainStep(model, { loss, optimizer: { type: 'sgd', lr: 0.1, momentum: 0.5 } })
    const trainer = new Trainer(step, step.initialState(3), {
      schedule: stepLr({ step_size: 10, gamma: 0.5 }),
    })
    const batch = { x: [1, 0, 0, 1, 1, 1, -1, 2], target: [2, -1, 1, -4] }
    expect(trainer.lr).toBe(0.1)
    for (let i = 0; i < 20; i++) trainer.step(batch)
    expect(trainer.losses).toHaveLength(20)
    expect(trainer.lr).toBeCloseTo(0.025, 12)
    expect(trainer.losses[19]!).toBeLessThan(trainer.losses[0]! / 10)
    expect(trainer.state.step).toBe(20)
  })
})

describe('compileInference', () => {
  it('computes the outputs from trained weights without a loss or target', () => {
    const { model, y } = linearModel(2)
    const inference = compileInference(model, { y })
    const out = inference.run(
      { params: { 'fc.weight': Float32Array.of(2, 1), 'fc.bias': Float32Array.of(0.5) }, buffers: {} },
      { x: [1, 1, 0, 2] },
    )
    expect(Array.from(out.y!.data)).toEqual([3.5, 2.5])
    expect(() => inference.run({ params: {}, buffers: {} }, { x: [1, 1, 0, 2] })).toThrow(/fc.weight/)
  })
})
