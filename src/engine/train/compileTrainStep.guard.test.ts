import { describe, expect, it } from 'vitest'
import { type Feeds, runCpu } from '../cpu/runCpu'
import { kaimingUniform, ONES, ZEROS } from '../init/init'
import { GraphBuilder } from '../ir/builder'
import { compileTrainStep, GUARD_FEED } from './compileTrainStep'
import type { ModelGraph } from './modelGraph'

/** y = x·wᵀ + b, MSE against `target`, plus a buffer that counts batches (BatchNorm-like). */
function model(batch: number): { model: ModelGraph; loss: ReturnType<GraphBuilder['mean']> } {
  const g = new GraphBuilder()
  const x = g.input([batch, 2], { name: 'x' })
  const target = g.input([batch, 1], { name: 'target' })
  const w = g.param('fc.weight', [1, 2])
  const b = g.param('fc.bias', [1])
  const seen = g.input([1], { name: 'fc.seen' })
  const still = g.input([1], { name: 'fc.still' })
  const y = g.add(g.matmul(x, g.transpose(w, 0, 1)), b)
  const d = g.sub(y, target)
  const loss = g.mean(g.mul(d, d))
  return {
    loss,
    model: {
      graph: g,
      params: [
        { name: 'fc.weight', shape: [1, 2], init: kaimingUniform([1, 2]), value: w },
        { name: 'fc.bias', shape: [1], init: ZEROS, value: b },
      ],
      buffers: [
        { name: 'fc.seen', shape: [1], init: ZEROS, value: seen, next: g.add(seen, 1) },
        { name: 'fc.still', shape: [1], init: ONES, value: still },
      ],
      noise: [],
    },
  }
}

const GOOD = { x: [1, 2, 3, 1], target: [0, 1] }
const BAD = { x: [1, Number.NaN, 3, 1], target: [0, 1] }

function guarded() {
  const { model: m, loss } = model(2)
  return compileTrainStep(m, { loss, optimizer: { type: 'adam', lr: 0.1 }, guard: true })
}

describe('compileTrainStep with the non-finite guard', () => {
  it('leaves the step graph without a flag when the guard is off', () => {
    const { model: m, loss } = model(2)
    const step = compileTrainStep(m, { loss, optimizer: { type: 'sgd', lr: 0.1 } })
    expect(step.guard).toBeUndefined()
    expect(step.graph.nodes.some((v) => v.name === GUARD_FEED)).toBe(false)
    expect(Object.keys(step.stepFeeds(step.initialState(0), GOOD))).not.toContain(GUARD_FEED)
  })

  it('trains exactly as the unguarded step while every loss is finite', () => {
    const { model: m, loss } = model(2)
    const plain = compileTrainStep(m, { loss, optimizer: { type: 'adam', lr: 0.1 } })
    const step = guarded()
    let a = plain.initialState(3)
    let b = step.initialState(3)
    for (let k = 0; k < 3; k++) {
      const ra = plain.run(a, GOOD)
      const rb = step.run(b, GOOD)
      expect(rb.loss).toBe(ra.loss)
      a = ra.state
      b = rb.state
    }
    expect(b.params).toEqual(a.params)
    expect(b.optimizer).toEqual(a.optimizer)
    expect(Array.from(b.buffers['fc.seen']!)).toEqual([3])
  })

  it('leaves params, optimizer state and buffers unchanged on a NaN batch and drops the flag to 0', () => {
    const step = guarded()
    const before = step.run(step.initialState(0), GOOD).state
    const feeds = step.stepFeeds(before, BAD)
    const out = runCpu(step.graph, feeds, { outputs: step.outputs })
    expect(Number.isNaN(out.get(step.loss).data[0])).toBe(true)
    expect(Array.from(out.get(step.guard!.output).data)).toEqual([0])
    for (const s of step.stateSlots)
      expect(Array.from(out.get(s.output).data), s.key).toEqual(Array.from(feeds[s.feed]!))
  })

  it('keeps the flag at 0 and the state frozen on good batches after a bad one', () => {
    const step = guarded()
    const state = step.run(step.initialState(0), GOOD).state
    const feeds: Feeds = { ...step.stepFeeds(state, GOOD), [GUARD_FEED]: [0] }
    const out = runCpu(step.graph, feeds, { outputs: step.outputs })
    expect(Number.isFinite(out.get(step.loss).data[0])).toBe(true)
    expect(Array.from(out.get(step.guard!.output).data)).toEqual([0])
    for (const s of step.stateSlots)
      expect(Array.from(out.get(s.output).data), s.key).toEqual(Array.from(feeds[s.feed]!))
  })

  it('treats an infinite loss like a NaN one', () => {
    const step = guarded()
    const feeds = step.stepFeeds(step.initialState(0), {
      x: [1, 2, 3, 1],
      target: [0, Number.POSITIVE_INFINITY],
    })
    const out = runCpu(step.graph, feeds, { outputs: step.outputs })
    expect(out.get(step.loss).data[0]).toBe(Number.POSITIVE_INFINITY)
    expect(Array.from(out.get(step.guard!.output).data)).toEqual([0])
  })

  it('lists every state tensor with its feed and output, and feeds the rest through stepInputs', () => {
    const step = guarded()
    expect(step.stateSlots.map((s) => `${s.kind}:${s.key}`)).toEqual([
      'param:fc.weight',
      'param:fc.bias',
      'optimizer:fc.weight/exp_avg',
      'optimizer:fc.weight/exp_avg_sq',
      'optimizer:fc.bias/exp_avg',
      'optimizer:fc.bias/exp_avg_sq',
      'buffer:fc.seen',
      'buffer:fc.still',
    ])
    // a buffer the forward pass leaves alone is its own output: nothing to write back
    const still = step.stateSlots.find((s) => s.key === 'fc.still')!
    expect(still.output).toBe(still.input)
    const state = step.initialState(0)
    const all = step.stepFeeds({ ...state, step: 4 }, GOOD, { lr: 0.5 })
    const inputs = step.stepInputs(4, GOOD, { lr: 0.5 })
    for (const [k, v] of Object.entries(inputs)) expect(all[k]).toEqual(v)
    expect(Object.keys(all).sort()).toEqual(
      [...Object.keys(inputs), ...step.stateSlots.map((s) => s.feed), GUARD_FEED].sort(),
    )
    expect(step.batchInputs.map((v) => v.name).sort()).toEqual(['target', 'x'])
  })
})
