import { describe, expect, it } from 'vitest'
import { runCpu } from '../../cpu/runCpu'
import { GraphBuilder } from '../../ir/builder'
import type { Value } from '../../ir/value'
import { kernelConfigFor } from '../device'
import type { GpuLimits } from '../gpuTypes'
import type { KernelConfig } from '../kernels/index'
import { planWebGpu, stepWrites, type WebGpuPlan } from '../plan'
import { simulatePlan } from './simulatePlan'
import { mlpTrainStep } from './testing/mlpSteps'

const LIMITS: GpuLimits = {
  maxBufferSize: 268435456,
  maxStorageBufferBindingSize: 134217728,
  maxStorageBuffersPerShaderStage: 8,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeWorkgroupsPerDimension: 65535,
}
const CONFIG: KernelConfig = kernelConfigFor(LIMITS)
const UNFUSED: KernelConfig = { ...CONFIG, fusion: false }

const ops = (plan: WebGpuPlan) =>
  plan.steps.map((s) => (s.fused ?? [s.value]).map((id) => plan.graph.nodes[id]!.op).join('+'))
const dispatches = (plan: WebGpuPlan) => plan.steps.reduce((n, s) => n + s.kernels.length, 0)

describe('elementwise fusion', () => {
  it('fuses the chain a reduction reads into the reduction, writing what other kernels read of it', () => {
    const g = new GraphBuilder()
    const x = g.input([4, 8], { name: 'x' })
    const e = g.exp(g.mul(x, 2))
    const s = g.sum(e, 1, true)
    const a = g.add(e, 1)
    const y = g.div(a, s)
    const plan = planWebGpu(g, CONFIG, [y])
    // div needs the sum, which needs e: it cannot join e's kernel; the sum computes e's chain
    // in its reads (a prologue) and writes what div reads
    expect(ops(planWebGpu(g, { ...CONFIG, fusion: false }, [y]))).toEqual(['mul', 'exp', 'sum', 'add', 'div'])
    expect(ops(plan)).toEqual(['mul+exp+sum+add', 'div'])
    expect(stepWrites(plan.steps[0]!)).toEqual([s.id, a.id])
    // mul and exp live in registers only
    expect(plan.storage.has(e.id)).toBe(false)
    expect(plan.storage.has(g.nodes[e.inputs[0]!]!.id)).toBe(false)
    const feeds = { x: Array.from({ length: 32 }, (_, i) => Math.cos(i)) }
    expect(Array.from(simulatePlan(plan, feeds).get(y.id)!.data)).toEqual(
      runCpu(g, feeds, { outputs: [y], reference: true }).array(y),
    )
  })

  it('never fuses a value into a group that reads one of its members at another element (broadcast, transpose)', () => {
    const g = new GraphBuilder()
    const x = g.input([3, 1], { name: 'x' })
    const w = g.input([3, 5], { name: 'w' })
    const t = g.tanh(x)
    // t broadcast along the columns: element (i, j) reads t[i], computed by another thread
    const y = g.mul(g.exp(t), w)
    const z = g.add(g.transpose(g.relu(w), 0, 1), 1)
    const plan = planWebGpu(g, CONFIG, [y, z])
    expect(ops(plan)).toEqual(['tanh+exp', 'mul', 'relu', 'permute+add'])
  })

  it('refuses a merge that would make a cycle through another kernel', () => {
    const g = new GraphBuilder()
    const x = g.input([6], { name: 'x' })
    const e = g.exp(x)
    const total = g.sum(e)
    // mul reads e element for element, but also the sum, which needs e written first
    const y = g.mul(e, g.add(total, 1))
    const plan = planWebGpu(g, CONFIG, [y])
    expect(ops(planWebGpu(g, { ...CONFIG, maxFusedBindings: 1 }, [y]))).toEqual(['exp', 'sum', 'add', 'mul'])
    // with a prologue the sum computes exp and writes it for mul: still no cycle
    expect(ops(plan)).toEqual(['exp+sum', 'add', 'mul'])
  })

  it('splits a chain whose kernel would bind more buffers than allowed, writing what crosses the split', () => {
    const g = new GraphBuilder()
    const xs = Array.from({ length: 10 }, (_, i) => g.input([16], { name: `x${i}` }))
    let h: Value = xs[0]!
    for (const x of xs.slice(1)) h = g.add(h, x)
    for (const limit of [8, 4, 3]) {
      const plan = planWebGpu(g, { ...CONFIG, maxFusedBindings: limit }, [h])
      for (const s of plan.steps) expect(s.kernels[0]!.bindings.length).toBeLessThanOrEqual(limit)
      // each kernel but the first reads the previous one's result: limit - 2 new inputs a kernel
      expect(plan.steps).toHaveLength(Math.ceil((10 - 1) / (limit - 2)))
      const feeds = Object.fromEntries(
        xs.map((_, i) => [`x${i}`, Array.from({ length: 16 }, (__, j) => i * j)]),
      )
      expect(Array.from(simulatePlan(plan, feeds).get(h.id)!.data)).toEqual(
        runCpu(g, feeds, { outputs: [h] }).array(h),
      )
    }
  })

  it('writes every intermediate an output or another kernel needs, and only those', () => {
    const g = new GraphBuilder()
    const x = g.input([5], { name: 'x' })
    const a = g.sin(x)
    const b = g.cos(a)
    const c = g.mul(a, b)
    const m = g.max(b)
    const plan = planWebGpu(g, CONFIG, [c, m])
    // the max computes the chain in its reads: a and b live in registers, c (an output) is written
    expect(ops(plan)).toEqual(['sin+cos+mul+max'])
    expect(stepWrites(plan.steps[0]!)).toEqual([c.id, m.id])
    expect(plan.storage.has(a.id)).toBe(false)
    expect(plan.storage.has(b.id)).toBe(false)
    // a kernel that reads a, here a reduction of its own, gets it written
    const n = g.sum(a)
    const more = planWebGpu(g, CONFIG, [c, m, n])
    expect(ops(more)).toEqual(['sin+cos+mul+max', 'sum'])
    expect(stepWrites(more.steps[0]!)).toEqual([a.id, c.id, m.id])
  })

  it('reads a transposed matmul operand in place instead of materializing the transpose', () => {
    const g = new GraphBuilder()
    const x = g.input([6, 4], { name: 'x' })
    const w = g.input([3, 4], { name: 'w' })
    const y = g.matmul(x, g.transpose(w, 0, 1))
    const plan = planWebGpu(g, CONFIG, [y])
    expect(ops(plan)).toEqual(['matmul'])
    expect(plan.steps[0]!.kernels[0]!.bindings.map((b) => b.value)).toEqual([x.id, w.id, y.id])
    expect(ops(planWebGpu(g, UNFUSED, [y]))).toEqual(['permute', 'matmul'])
  })

  it('cuts the dispatches of an MLP training step (784-256-10, Adam, batch 128) by more than half', () => {
    const step = mlpTrainStep([784, 256, 10], 128)
    const before = planWebGpu(step.graph, UNFUSED, step.outputs)
    const after = planWebGpu(step.graph, CONFIG, step.outputs)
    console.log(
      `MLP 784-256-10 Adam b128: ${dispatches(before)} dispatches unfused, ${dispatches(after)} fused; ` +
        `intermediates ${before.plannedBytes} B planned (${before.naiveBytes} naive) unfused, ` +
        `${after.plannedBytes} B (${after.naiveBytes}) fused`,
    )
    expect(dispatches(before)).toBe(103)
    expect(dispatches(after)).toBeLessThanOrEqual(36)
    // Adam's ~13 elementwise ops per parameter take two kernels (eight buffers do not fit one)
    const adam = after.steps.filter((s) => (s.fused?.length ?? 0) >= 10)
    expect(adam).toHaveLength(4)
    expect(after.plannedBytes).toBeLessThanOrEqual(before.plannedBytes)
  })

  it('cuts the dispatches of the spirals MLP step (2-16-16-2, Adam, batch 32) by more than half and computes the same step', () => {
    const step = mlpTrainStep([2, 16, 16, 2], 32)
    const before = planWebGpu(step.graph, UNFUSED, step.outputs)
    const after = planWebGpu(step.graph, CONFIG, step.outputs)
    console.log(
      `spirals MLP 2-16-16-2 Adam b32: ${dispatches(before)} dispatches unfused, ${dispatches(after)} fused`,
    )
    expect(dispatches(before)).toBe(141)
    expect(dispatches(after)).toBeLessThanOrEqual(47)
    const state = step.initialState(3)
    const x = Array.from({ length: 64 }, (_, i) => Math.sin(i))
    const target = Int32Array.from({ length: 32 }, (_, i) => i % 2)
    const feeds = step.stepFeeds(state, { x, target })
    const expected = runCpu(step.graph, feeds, { outputs: step.outputs, reference: true })
    const got = simulatePlan(after, feeds)
    for (const v of step.outputs) expect(Array.from(got.get(v.id)!.data)).toEqual(expected.array(v))
  })
})
