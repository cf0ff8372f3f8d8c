import { describe, expect, it } from 'vitest'
import { runCpu } from '../cpu/runCpu'
import { GraphBuilder } from '../ir/builder'
import type { Value } from '../ir/value'
import { clipGradNorm } from './clipGradNorm'
import golden from './goldens/optim.golden.json'
import {
  buildParamUpdate,
  checkOptimizerConfig,
  type OptimizerConfig,
  optimizerScalars,
  optimizerSlots,
} from './optimizer'
import { cosineAnnealing, type LrSchedule, linearWarmup, sequential, stepLr } from './schedule'

/** Runs `config` for every golden gradient, one compiled update graph fed its own outputs. */
function trajectory(config: OptimizerConfig): number[][] {
  const n = golden.p0.length
  const slots = optimizerSlots(config)
  const g = new GraphBuilder()
  const param = g.input([n], { name: 'p' })
  const gradIn = g.input([n], { name: 'g' })
  const state = slots.map((s) => g.input([n], { name: s }))
  const names = Object.keys(optimizerScalars(config, 1, config.lr))
  const scalars = Object.fromEntries(names.map((k) => [k, g.input([], { name: k })]))
  const u = buildParamUpdate(g, config, { param, grad: gradIn, state, scalars })
  let p: Float32Array = Float32Array.from(golden.p0)
  let s: Float32Array[] = slots.map(() => new Float32Array(n))
  const out: number[][] = []
  golden.grads.forEach((grad, k) => {
    const feeds: Record<string, Float32Array | number[]> = { p, g: grad }
    for (const [name, v] of Object.entries(optimizerScalars(config, k + 1, config.lr))) feeds[name] = [v]
    slots.forEach((name, i) => {
      feeds[name] = s[i]!
    })
    const r = runCpu(g, feeds, { outputs: [u.param, ...u.state] })
    p = r.get(u.param).data as Float32Array
    s = u.state.map((v: Value) => r.get(v).data as Float32Array)
    out.push(Array.from(p))
  })
  return out
}

function expectClose(actual: readonly number[], expected: readonly number[], rtol: number, atol = 0): void {
  expect(actual.length).toBe(expected.length)
  actual.forEach((a, i) => {
    const e = expected[i]!
    if (Math.abs(a - e) > atol + rtol * Math.abs(e))
      throw new Error(`entry ${i}: ${a} vs PyTorch ${e} (got [${actual.join(', ')}])`)
  })
}

describe('optimizers match torch.optim step by step', () => {
  for (const c of golden.optimizers) {
    const config = c.config as OptimizerConfig
    it(`follows PyTorch's trajectory for ${JSON.stringify(config)}`, () => {
      const got = trajectory(config)
      c.params.forEach((expected, k) => {
        expectClose(got[k]!, expected, 2e-6, 1e-7)
      })
    })
  }

  it('keeps one state slot per PyTorch state tensor', () => {
    expect(optimizerSlots({ type: 'sgd', lr: 1 })).toEqual([])
    expect(optimizerSlots({ type: 'sgd', lr: 1, momentum: 0.9 })).toEqual(['momentum_buffer'])
    expect(optimizerSlots({ type: 'adam', lr: 1, amsgrad: true })).toEqual([
      'exp_avg',
      'exp_avg_sq',
      'max_exp_avg_sq',
    ])
    expect(optimizerSlots({ type: 'rmsprop', lr: 1, momentum: 0.5, centered: true })).toEqual([
      'square_avg',
      'momentum_buffer',
      'grad_avg',
    ])
  })

  it('rejects hyperparameters that torch.optim rejects', () => {
    expect(() => checkOptimizerConfig({ type: 'sgd', lr: 0.1, nesterov: true })).toThrow(/nesterov/)
    expect(() => checkOptimizerConfig({ type: 'adam', lr: 0.1, betas: [1, 0.9] })).toThrow(/beta/)
    expect(() => checkOptimizerConfig({ type: 'rmsprop', lr: -1 })).toThrow(/learning rate/)
  })
})

describe('learning-rate schedules match torch.optim.lr_scheduler', () => {
  const make: Record<string, (s: Record<string, number>) => LrSchedule> = {
    step: (s) => stepLr({ step_size: s.step_size!, gamma: s.gamma! }),
    cosine: (s) => cosineAnnealing({ T_max: s.T_max!, eta_min: s.eta_min! }),
    linear: (s) => linearWarmup({ start_factor: s.start_factor!, total_iters: s.total_iters! }),
  }
  for (const c of golden.schedules) {
    const { type, ...rest } = c.schedule
    it(`gives PyTorch's lr at every step for ${type}`, () => {
      const schedule = make[type]!(rest as unknown as Record<string, number>)
      expectClose(
        c.lrs.map((_, k) => schedule(k, 0.1)),
        c.lrs,
        1e-12,
        1e-15,
      )
    })
  }

  it('runs each schedule of a sequence from its own step zero after its milestone', () => {
    const s = sequential(
      [linearWarmup({ start_factor: 0.5, total_iters: 2 }), stepLr({ step_size: 1, gamma: 0.5 })],
      [2],
    )
    expect([0, 1, 2, 3, 4].map((k) => s(k, 1))).toEqual([0.5, 0.75, 1, 0.5, 0.25])
    expect(() => sequential([stepLr({ step_size: 1 })], [3])).toThrow(/milestones/)
  })
})

describe('clipGradNorm', () => {
  for (const c of golden.clip) {
    it(`scales gradients as clip_grad_norm_ does with max_norm ${c.max_norm}`, () => {
      const g = new GraphBuilder()
      const a = g.input([3, 5], { name: 'a' })
      const b = g.input([7], { name: 'b' })
      const { grads, totalNorm } = clipGradNorm(g, [a, b], c.max_norm)
      const r = runCpu(g, { a: c.grads[0]!, b: c.grads[1]! })
      expect(r.array(totalNorm)[0]).toBeCloseTo(c.total_norm, 5)
      expectClose(r.array(grads[0]!), c.clipped[0]!, 1e-6, 1e-7)
      expectClose(r.array(grads[1]!), c.clipped[1]!, 1e-6, 1e-7)
    })
  }
})
