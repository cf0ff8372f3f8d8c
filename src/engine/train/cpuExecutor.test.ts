import { describe, expect, it } from 'vitest'
import { kaimingUniform, ZEROS } from '../init/init'
import { GraphBuilder } from '../ir/builder'
import { compileTrainStep } from './compileTrainStep'
import { batchSizeOf, createCpuExecutor } from './cpuExecutor'
import type { ModelGraph } from './modelGraph'

/** A 2-4-1 tanh MLP with an MSE loss, compiled for `batch` rows, Adam. */
function stepFor(batch: number) {
  const g = new GraphBuilder()
  const x = g.input([batch, 2], { name: 'x' })
  const target = g.input([batch, 1], { name: 'target' })
  const w1 = g.param('l1.weight', [4, 2])
  const w2 = g.param('l2.weight', [1, 4])
  const h = g.tanh(g.matmul(x, g.transpose(w1, 0, 1)))
  const d = g.sub(g.matmul(h, g.transpose(w2, 0, 1)), target)
  const loss = g.mean(g.mul(d, d))
  const model: ModelGraph = {
    graph: g,
    params: [
      { name: 'l1.weight', shape: [4, 2], init: kaimingUniform([4, 2]), value: w1 },
      { name: 'l2.weight', shape: [1, 4], init: ZEROS, value: w2 },
    ],
    buffers: [],
    noise: [],
  }
  return compileTrainStep(model, { loss, optimizer: { type: 'adam', lr: 0.05 }, guard: true })
}

function batch(rows: number, k: number, poison = false) {
  const x = Array.from({ length: rows * 2 }, (_, i) => Math.sin(i + 3 * k))
  if (poison) x[1] = Number.NaN
  return { x, target: Array.from({ length: rows }, (_, i) => Math.cos(i * k)) }
}

describe('createCpuExecutor', () => {
  it('trains as a loop over CompiledTrainStep.run does, smaller last batch included', async () => {
    const full = stepFor(4)
    const ex = createCpuExecutor(stepFor, full.initialState(1), { batchSize: 4 })
    let state = full.initialState(1)
    const expected: number[] = []
    for (let k = 0; k < 5; k++) {
      const rows = k === 4 ? 3 : 4
      await ex.enqueue(batch(rows, k))
      const r = stepFor(rows).run(state, batch(rows, k))
      expected.push(r.loss)
      state = r.state
    }
    expect(ex.queued).toBe(5)
    const losses = await ex.losses(true)
    expect(losses.map((l) => l.step)).toEqual([1, 2, 3, 4, 5])
    expect(losses.map((l) => l.loss)).toEqual(expected)
    expect(await ex.losses()).toEqual([])
    const got = await ex.state()
    expect(got.step).toBe(5)
    expect(got.params).toEqual(state.params)
    expect(got.optimizer).toEqual(state.optimizer)
  })

  it('reports a NaN loss last and keeps the weights of the last good step', async () => {
    const ex = createCpuExecutor(stepFor, stepFor(4).initialState(2))
    for (let k = 0; k < 3; k++) await ex.enqueue(batch(4, k))
    const good = await ex.state()
    await ex.enqueue(batch(4, 3, true))
    for (let k = 4; k < 7; k++) await ex.enqueue(batch(4, k))
    const losses = await ex.losses(true)
    expect(losses).toHaveLength(4)
    expect(losses.slice(0, 3).every((l) => Number.isFinite(l.loss))).toBe(true)
    expect(losses[3]!.step).toBe(4)
    expect(Number.isNaN(losses[3]!.loss)).toBe(true)
    const after = await ex.state()
    expect(after.step).toBe(3)
    expect(after.params).toEqual(good.params)
    expect(await ex.losses(true)).toEqual([])
  })

  it('runs again after load clears a non-finite stop', async () => {
    const initial = stepFor(4).initialState(3)
    const ex = createCpuExecutor(stepFor, initial)
    await ex.enqueue(batch(4, 0, true))
    await ex.load(initial)
    await ex.enqueue(batch(4, 1))
    const losses = await ex.losses()
    expect(losses.map((l) => [l.step, Number.isFinite(l.loss)])).toEqual([
      [1, false],
      [1, true],
    ])
    expect((await ex.state()).step).toBe(1)
  })

  it('hands out copies: changing what state returned changes nothing inside', async () => {
    const ex = createCpuExecutor(stepFor, stepFor(4).initialState(0))
    const s = await ex.state()
    s.params['l1.weight']![0] = 42
    expect((await ex.state()).params['l1.weight']![0]).not.toBe(42)
  })

  it('refuses to run after destroy', async () => {
    const ex = createCpuExecutor(stepFor, stepFor(4).initialState(0))
    ex.destroy()
    await expect(ex.enqueue(batch(4, 0))).rejects.toThrow(/destroyed/)
  })
})

describe('batchSizeOf', () => {
  it('reads the rows of any batch size from the first data input', () => {
    expect(batchSizeOf(stepFor(4), batch(7, 0))).toBe(7)
  })

  it('names the input and the row width when the values do not make whole rows', () => {
    expect(() => batchSizeOf(stepFor(4), { x: [1, 2, 3], target: [1] })).toThrow(
      /'x' was fed 3 values, not a whole number of rows of 2/,
    )
  })
})
