import { describe, expect, it } from 'vitest'
import { grad } from '../autodiff/grad'
import { GraphBuilder } from '../ir/builder'
import type { Value } from '../ir/value'
import { CONFORMANCE } from '../ops/cases/index'
import { buildCase } from '../ops/conformance'
import { OPS } from '../ops/index'
import { EXTRA_CASES } from './conformance/extraCases'
import { kernelConfigFor } from './device'
import type { GpuLimits } from './gpuTypes'
import { type KernelConfig, WEBGPU_LOWERINGS } from './kernels/index'
import { planWebGpu, type Storage, type WebGpuPlan } from './plan'

const DEFAULT_LIMITS: GpuLimits = {
  maxBufferSize: 268435456,
  maxStorageBufferBindingSize: 134217728,
  maxStorageBuffersPerShaderStage: 8,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeWorkgroupsPerDimension: 65535,
}
const CONFIG = kernelConfigFor(DEFAULT_LIMITS)
const LOW: KernelConfig = {
  workgroupSize: 8,
  matmulTile: 4,
  maxWorkgroupsPerDimension: 4,
  scatterAdd: 'atomic',
}

/** Every case of the shared table and the WebGPU extras, forward and with its backward graph. */
function caseGraphs(): { name: string; g: GraphBuilder; outputs: Value[] }[] {
  const all = [
    ...Object.values(CONFORMANCE).flatMap((e) => ('cases' in e ? e.cases : [])),
    ...Object.values(EXTRA_CASES).flat(),
  ]
  return all.flatMap((c) => {
    const fwd = buildCase(c, 1)
    const bwd = buildCase(c, 1)
    const floats = bwd.xs.filter((x) => x.dtype === 'f32')
    const graphs = [{ name: `${c.name} (forward)`, g: fwd.g, outputs: [fwd.y] }]
    if (bwd.y.dtype === 'f32' && floats.length > 0) {
      const loss = bwd.g.sum(bwd.g.mul(bwd.y, bwd.g.input(bwd.y.shape, { name: 'r' })))
      graphs.push({ name: `${c.name} (backward)`, g: bwd.g, outputs: [loss, ...grad(bwd.g, loss, floats)] })
    }
    return graphs
  })
}

const key = (s: Storage) => (s.kind === 'empty' ? 'empty' : `${s.kind}:${s.index}`)

/** Checks the invariants a plan must keep for WebGPU to accept and run it correctly. */
function checkPlan(plan: WebGpuPlan, config: KernelConfig): void {
  const defined = new Map<string, number>()
  plan.steps.forEach((step, k) => {
    for (const kernel of step.kernels) {
      const declared = [...kernel.wgsl.matchAll(/@binding\((\d+)\) var<storage, (read|read_write)>/g)]
      expect(declared.map((m) => Number(m[1]))).toEqual(kernel.bindings.map((_, i) => i))
      expect(declared.map((m) => (m[2] === 'read' ? 'read' : 'write'))).toEqual(
        kernel.bindings.map((b) => b.access),
      )
      expect(kernel.wgsl).toMatch(/@compute @workgroup_size\([^)]*\)\nfn main/)
      expect(kernel.workgroups.every((n) => n >= 1 && n <= config.maxWorkgroupsPerDimension)).toBe(true)
      const writes = kernel.bindings
        .filter((b) => b.access === 'write')
        .map((b) => key(plan.storage.get(b.value)!))
      expect(writes).toEqual([key(plan.storage.get(step.value)!)])
      for (const b of kernel.bindings.filter((x) => x.access === 'read')) {
        const s = plan.storage.get(b.value)!
        expect(key(s)).not.toBe(writes[0])
        // a slot read here holds what was written into it last, before this step
        if (s.kind === 'slot')
          expect(defined.get(key(s))).toBe(plan.steps.findIndex((t) => sameRoot(plan, t.value, b.value)))
      }
    }
    defined.set(key(plan.storage.get(step.value)!), k)
  })
  expect(plan.plannedBytes).toBeLessThanOrEqual(plan.naiveBytes)
}

/** Whether `a` is the computed value `b` reads through (itself, or the source of its alias chain). */
function sameRoot(plan: WebGpuPlan, a: number, b: number): boolean {
  let v = plan.graph.nodes[b]!
  while (v.op === 'reshape' || v.op === 'detach') v = plan.graph.nodes[v.inputs[0]!]!
  return v.id === a
}

describe('planWebGpu', () => {
  it('has a lowering for every primitive of OPS', () => {
    expect(Object.keys(WEBGPU_LOWERINGS).sort()).toEqual(Object.keys(OPS).sort())
  })

  it('plans every conformance graph with bindings that match the WGSL and no buffer read and written at once', () => {
    for (const { name, g, outputs } of caseGraphs())
      for (const config of [CONFIG, LOW]) {
        const plan = planWebGpu(g, config, outputs)
        try {
          checkPlan(plan, config)
        } catch (e) {
          throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`)
        }
      }
  })

  it('aliases reshape and detach to their source’s buffer and dispatches nothing for them', () => {
    const g = new GraphBuilder()
    const x = g.input([2, 3], { name: 'x' })
    const e = g.exp(x)
    const r = g.reshape(g.detach(e), [3, 2])
    const y = g.neg(r)
    const plan = planWebGpu(g, CONFIG, [y, r])
    expect(plan.aliases).toBe(2)
    expect(plan.storage.get(r.id)).toEqual(plan.storage.get(e.id))
    expect(plan.steps.map((s) => g.nodes[s.value]!.op)).toEqual(['exp', 'neg'])
  })

  it('gives zero-size values no dispatch and the shared empty buffer', () => {
    const g = new GraphBuilder()
    const x = g.input([0, 3], { name: 'x' })
    const y = g.exp(x)
    const s = g.sum(y, 0)
    const plan = planWebGpu(g, CONFIG, [s, y])
    expect(plan.storage.get(y.id)).toEqual({ kind: 'empty' })
    expect(plan.steps.map((t) => g.nodes[t.value]!.op)).toEqual(['sum'])
  })

  it('reuses two buffers along a chain of twenty ops', () => {
    const g = new GraphBuilder()
    let h = g.input([64], { name: 'x' })
    for (let i = 0; i < 10; i++) h = g.tanh(g.mul(h, 2))
    const plan = planWebGpu(g, CONFIG, [h])
    expect(plan.naiveBytes).toBe(20 * 256)
    // two buffers ping-pong: each value dies as soon as the next op has read it
    expect(plan.plannedBytes).toBe(2 * 256)
  })

  it('computes only what the outputs need and uploads the constants it reads', () => {
    const g = new GraphBuilder()
    const x = g.input([3], { name: 'x' })
    const y = g.add(x, g.full([3], 2))
    g.exp(x)
    const plan = planWebGpu(g, CONFIG, [y])
    expect(plan.steps.map((s) => g.nodes[s.value]!.op)).toEqual(['add'])
    expect(plan.constants.map((v) => v.op)).toEqual(['full'])
    expect(plan.feeds.map((v) => v.name)).toEqual(['x'])
  })

  it('rejects an output from another graph, even one with a valid id', () => {
    const g = new GraphBuilder()
    g.exp(g.input([1], { name: 'x' }))
    const other = new GraphBuilder()
    const v = other.exp(other.input([1], { name: 'x' }))
    expect(() => planWebGpu(g, CONFIG, [v])).toThrow(/not in this graph/)
  })
})
