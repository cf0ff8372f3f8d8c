import { describe, expect, it } from 'vitest'
import { kaimingUniform, ZEROS } from '../init/init'
import { GraphBuilder } from '../ir/builder'
import type { Value } from '../ir/value'
import { stepLr } from '../optim/schedule'
import { compileTrainStep, optimizerStateKey } from './compileTrainStep'
import { CustomLoop } from './customLoop'
import { emptyLoopState, withModelTensors } from './customLoopState'
import { compileLoopStep, type LoopStepDefinition } from './customLoopStep'
import type { ModelGraph } from './modelGraph'

/** y = x·wᵀ + b with an MSE loss against `target` (the same model as compileTrainStep's tests). */
function linearModel(batch: number): { model: ModelGraph; loss: Value; y: Value } {
  const g = new GraphBuilder()
  const x = g.input([batch, 2], { name: 'x' })
  const target = g.input([batch, 1], { name: 'target' })
  const w = g.param('fc.weight', [1, 2])
  const b = g.param('fc.bias', [1])
  const y = g.add(g.matmul(x, g.transpose(w, 0, 1)), b)
  const d = g.sub(y, target)
  const model: ModelGraph = {
    graph: g,
    params: [
      { name: 'fc.weight', shape: [1, 2], init: kaimingUniform([1, 2]), value: w },
      { name: 'fc.bias', shape: [1], init: ZEROS, value: b },
    ],
    buffers: [],
    noise: [],
  }
  return { model, loss: g.mean(g.mul(d, d)), y }
}

/** loss = (a·b - t)² with scalar parameters `a` and `b`: each step below trains one of them. */
function productModel(name: string, train: string): LoopStepDefinition {
  const g = new GraphBuilder()
  const t = g.input([1], { name: 't' })
  const a = g.param('a', [1])
  const b = g.param('b', [1])
  const d = g.sub(g.mul(a, b), t)
  const init = { kind: 'constant', value: 1 } as const
  return {
    name,
    model: {
      graph: g,
      params: [
        { name: 'a', shape: [1], init, value: a },
        { name: 'b', shape: [1], init: { kind: 'constant', value: 2 }, value: b },
      ],
      buffers: [],
      noise: [],
    },
    loss: g.sum(g.mul(d, d)),
    train: [train],
    optimizer: { type: 'sgd', lr: 0.1 },
  }
}

describe('compileLoopStep', () => {
  it('follows compileTrainStep exactly when it trains every parameter', () => {
    const adam = { type: 'adam', lr: 0.05 } as const
    const a = linearModel(3)
    const reference = compileTrainStep(a.model, { loss: a.loss, optimizer: adam })
    const b = linearModel(3)
    const step = compileLoopStep({
      name: 's',
      model: b.model,
      loss: b.loss,
      train: ['fc.weight', 'fc.bias'],
      optimizer: adam,
    })
    let ref = reference.initialState(7)
    let state = withModelTensors(emptyLoopState(), b.model, 7)
    for (let i = 0; i < 4; i++) {
      const batch = { x: [1, 2, -1, 0.5, 3, i], target: [0.5, -1, 2] }
      const r = reference.run(ref, batch)
      const s = step.run(state, batch)
      expect(s.loss).toBe(r.loss)
      ref = r.state
      state = s.state
    }
    expect(state.params).toEqual(ref.params)
    expect(state.optimizers.s!.step).toBe(4)
    expect(state.optimizers.s!.state[optimizerStateKey('fc.bias', 'exp_avg_sq')]).toEqual(
      ref.optimizer[optimizerStateKey('fc.bias', 'exp_avg_sq')],
    )
  })

  it('returns the asked-for outputs as computed before the update', () => {
    const { model, loss, y } = linearModel(1)
    const step = compileLoopStep({
      name: 's',
      model,
      loss,
      train: ['fc.bias'],
      optimizer: { type: 'sgd', lr: 1 },
      outputs: { y },
    })
    const state = {
      ...emptyLoopState(),
      params: { 'fc.weight': Float32Array.of(1, 1), 'fc.bias': Float32Array.of(0) },
    }
    const r = step.run(state, { x: [2, 3], target: [4] })
    // y = 5 before the update; dL/db = 2(y - t) = 2, so b becomes -2 and the weight stays
    expect(Array.from(r.outputs.y!.data)).toEqual([5])
    expect(Array.from(r.state.params['fc.bias']!)).toEqual([-2])
    expect(Array.from(r.state.params['fc.weight']!)).toEqual([1, 1])
  })

  it('refuses to train a parameter its graph does not use, and a batch with a misspelt input', () => {
    const { model, loss } = linearModel(1)
    expect(() =>
      compileLoopStep({ name: 's', model, loss, train: ['fc.weights'], optimizer: { type: 'sgd', lr: 1 } }),
    ).toThrow(
      /step s trains 'fc.weights', which its graph does not use \(its parameters: fc.weight, fc.bias\)/,
    )
    const step = compileLoopStep({
      name: 's',
      model,
      loss,
      train: ['fc.bias'],
      optimizer: { type: 'sgd', lr: 1 },
    })
    const state = withModelTensors(emptyLoopState(), model, 0)
    expect(() => step.run(state, { x: [1, 2], targets: [1] })).toThrow(
      /step s needs target and has no input targets/,
    )
  })

  it('draws different dropout noise in two steps that name the same noise slot', () => {
    const noisy = (name: string): LoopStepDefinition => {
      const g = new GraphBuilder()
      const w = g.param('w', [4])
      const n = g.input([4], { name: 'drop#noise' })
      return {
        name,
        model: {
          graph: g,
          params: [{ name: 'w', shape: [4], init: ZEROS, value: w }],
          buffers: [],
          noise: [{ name: 'drop#noise', value: n }],
        },
        loss: g.sum(g.mul(w, n)),
        train: ['w'],
        optimizer: { type: 'sgd', lr: 1 },
        outputs: { n },
      }
    }
    const loop = new CustomLoop({ seed: 1 })
    const a = loop.step(noisy('A')).run({}).outputs.n!.data
    const b = loop.step(noisy('B')).run({}).outputs.n!.data
    expect(Array.from(a)).not.toEqual(Array.from(b))
  })
})

describe('CustomLoop', () => {
  it('shares parameters between steps: each updates its own and reads the other as the last step left it', () => {
    const loop = new CustomLoop()
    const stepA = loop.step(productModel('A', 'a'))
    const stepB = loop.step(productModel('B', 'b'))
    // a = 1, b = 2, t = 0: loss = 4, dL/da = 2·a·b·b = 8, so a = 1 - 0.8 = 0.2
    expect(stepA.run({ t: [0] }).loss).toBe(4)
    expect(loop.state.params.a![0]).toBeCloseTo(0.2, 6)
    expect(loop.state.params.b![0]).toBe(2)
    // B sees a = 0.2: loss = 0.16, dL/db = 2·a·b·a = 0.16, so b = 2 - 0.016
    expect(stepB.run({ t: [0] }).loss).toBeCloseTo(0.16, 6)
    expect(loop.state.params.b![0]).toBeCloseTo(1.984, 6)
    expect(loop.state.params.a![0]).toBeCloseTo(0.2, 6)
    expect(loop.losses.A).toHaveLength(1)
    expect(Object.keys(loop.state.optimizers).sort()).toEqual(['A', 'B'])
  })

  it("steps each step's learning rate schedule by its own optimizer's steps", () => {
    const loop = new CustomLoop()
    const stepA = loop.step(productModel('A', 'a'), { schedule: stepLr({ step_size: 1, gamma: 0.5 }) })
    const stepB = loop.step(productModel('B', 'b'))
    stepA.run({ t: [0] })
    stepA.run({ t: [0] })
    stepB.run({ t: [0] })
    expect(stepA.lr).toBeCloseTo(0.025, 12)
    expect(stepB.lr).toBe(0.1)
  })

  it('refuses two steps of one name, and steps that share an optimizer but not its settings', () => {
    const loop = new CustomLoop()
    loop.step(productModel('A', 'a'))
    expect(() => loop.step(productModel('A', 'b'))).toThrow(/already has a step named A/)
    expect(() => loop.step({ ...productModel('C', 'b'), optimizerName: 'A' })).toThrow(
      /steps A and C share optimizer A but differ/,
    )
  })

  it('reads the current weights in an inference graph', () => {
    const loop = new CustomLoop()
    const step = loop.step(productModel('A', 'a'))
    const g = new GraphBuilder()
    const a = g.param('a', [1])
    const infer = loop.inference(
      { graph: g, params: [{ name: 'a', shape: [1], init: ZEROS, value: a }], buffers: [], noise: [] },
      { a2: g.mul(a, 2) },
    )
    expect(Array.from(infer.run({}).a2!.data)).toEqual([2])
    step.run({ t: [0] })
    expect(infer.run({}).a2!.data[0]).toBeCloseTo(0.4, 6)
  })
})
