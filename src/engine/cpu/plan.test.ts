import { describe, expect, it } from 'vitest'
import { grad } from '../autodiff/grad'
import { GraphBuilder } from '../ir/builder'
import { cpuPlan, runCpu } from './runCpu'

/** A dense layer's training step with an Adam-like update, the shape of what compileTrainStep builds. */
function denseStep() {
  const g = new GraphBuilder()
  const x = g.input([16, 30], { name: 'x' })
  const w = g.param('w', [20, 30])
  const m = g.input([20, 30], { name: 'm' })
  const y = g.relu(g.matmul(x, g.transpose(w, 0, 1)))
  const loss = g.mean(g.mul(y, y))
  const [dw] = grad(g, loss, [w])
  const m2 = g.add(g.mul(m, 0.9), g.mul(dw!, 0.1))
  const w2 = g.sub(w, g.mul(g.div(m2, g.add(g.sqrt(g.mul(m2, m2)), 1e-8)), 0.01))
  return { g, loss, outputs: [loss, m2, w2] }
}

function feeds() {
  return {
    x: Float32Array.from({ length: 480 }, (_, i) => Math.sin(i)),
    w: Float32Array.from({ length: 600 }, (_, i) => Math.cos(i) / 10),
    m: new Float32Array(600),
  }
}

describe('the CPU plan', () => {
  it('places intermediates in fewer pooled bytes than a buffer each', () => {
    const { g, outputs } = denseStep()
    const { stats } = cpuPlan(g, { outputs })
    expect(stats.naiveBytes).toBeGreaterThan(0)
    expect(stats.plannedBytes).toBeLessThan(stats.naiveBytes)
  })

  it('reads transposes in place and fuses the update into few kernels', () => {
    const { g, outputs } = denseStep()
    const { stats } = cpuPlan(g, { outputs })
    const reference = cpuPlan(g, { outputs, reference: true }).stats
    expect(stats.viewsReadThrough).toBeGreaterThan(0)
    expect(stats.referenceKernels).toBe(0)
    expect(stats.fastKernels).toBeLessThan(reference.referenceKernels / 2)
  })

  it('plans once per graph, outputs and precision', () => {
    const { g, outputs } = denseStep()
    expect(cpuPlan(g, { outputs })).toBe(cpuPlan(g, { outputs: [...outputs] }))
    expect(cpuPlan(g, { outputs })).not.toBe(cpuPlan(g, { outputs, precision: 'f64' }))
  })

  it('hands out fresh output buffers: an earlier result survives a later run', () => {
    const { g, loss, outputs } = denseStep()
    const first = runCpu(g, feeds(), { outputs })
    const before = first.array(loss)
    const other = feeds()
    other.x.fill(3)
    const second = runCpu(g, other, { outputs })
    expect(second.array(loss)).not.toEqual(before)
    expect(first.array(loss)).toEqual(before)
    expect(second.get(outputs[2]!).data).not.toBe(first.get(outputs[2]!).data)
  })

  it('gives the same numbers on every run of one plan', () => {
    const { g, outputs } = denseStep()
    const a = runCpu(g, feeds(), { outputs })
    const b = runCpu(g, feeds(), { outputs })
    for (const v of outputs) expect(b.array(v)).toEqual(a.array(v))
  })

  it('evaluates constants once, at planning', () => {
    const g = new GraphBuilder()
    const x = g.input([3], { name: 'x' })
    const y = g.mul(x, g.full([3], 2))
    const plan = cpuPlan(g, { outputs: [y] })
    expect(plan.stats.constantBytes).toBe(12)
    expect(plan.stepIds).toEqual([y.id])
    expect(runCpu(g, { x: [1, 2, 3] }, { outputs: [y] }).array(y)).toEqual([2, 4, 6])
  })
})
