import { describe, expect, it } from 'vitest'
import { grad } from '../autodiff/grad'
import { type Feeds, runCpu } from '../cpu/runCpu'
import { GraphBuilder } from '../ir/builder'
import { numel } from '../ir/shape'
import type { Value } from '../ir/value'
import { CONFORMANCE } from '../ops/cases/index'
import { buildCase } from '../ops/conformance'
import { OPS } from '../ops/index'
import { EXTRA_CASES } from './conformance/extraCases'
import { kernelConfigFor } from './device'
import { simulatePlan } from './fusion/simulatePlan'
import type { GpuLimits } from './gpuTypes'
import { type KernelConfig, WEBGPU_LOWERINGS } from './kernels/index'
import { DEFAULT_MAX_FUSED_BINDINGS, planWebGpu, type Storage, stepWrites, type WebGpuPlan } from './plan'

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
const UNFUSED: KernelConfig = { ...CONFIG, fusion: false }
/** Fused kernels of at most three buffers: chains split often, intermediates written between them. */
const NARROW: KernelConfig = { ...LOW, maxFusedBindings: 3 }

/** Every case of the shared table and the WebGPU extras, forward and with its backward graph. */
function caseGraphs(): { name: string; g: GraphBuilder; outputs: Value[]; feeds: Feeds }[] {
  const all = [
    ...Object.values(CONFORMANCE).flatMap((e) => ('cases' in e ? e.cases : [])),
    ...Object.values(EXTRA_CASES).flat(),
  ]
  return all.flatMap((c) => {
    const fwd = buildCase(c, 1)
    const bwd = buildCase(c, 1)
    const floats = bwd.xs.filter((x) => x.dtype === 'f32')
    const feeds: Feeds = Object.fromEntries(fwd.values.map((v, i) => [`x${i}`, v]))
    const graphs = [{ name: `${c.name} (forward)`, g: fwd.g, outputs: [fwd.y], feeds }]
    if (bwd.y.dtype === 'f32' && floats.length > 0) {
      const loss = bwd.g.sum(bwd.g.mul(bwd.y, bwd.g.input(bwd.y.shape, { name: 'r' })))
      const r = Array.from({ length: numel(bwd.y.shape) }, (_, i) => Math.sin(i + 1))
      graphs.push({
        name: `${c.name} (backward)`,
        g: bwd.g,
        outputs: [loss, ...grad(bwd.g, loss, floats)],
        feeds: { ...feeds, r },
      })
    }
    return graphs
  })
}

const key = (s: Storage) => (s.kind === 'empty' ? 'empty' : `${s.kind}:${s.index}`)

/** The value whose buffer `id` lives in (itself, or the source of its alias chain). */
function rootOf(plan: WebGpuPlan, id: number): number {
  let v = plan.graph.nodes[id]!
  while (v.op === 'reshape' || v.op === 'detach') v = plan.graph.nodes[v.inputs[0]!]!
  return v.id
}

/** Checks the invariants a plan must keep for WebGPU to accept and run it correctly. */
function checkPlan(plan: WebGpuPlan, config: KernelConfig): void {
  const defined = new Map<string, number>()
  const maxBindings = config.maxFusedBindings ?? DEFAULT_MAX_FUSED_BINDINGS
  plan.steps.forEach((step, k) => {
    const writes = stepWrites(step).map((id) => key(plan.storage.get(id)!))
    expect(new Set(writes).size).toBe(writes.length)
    for (const kernel of step.kernels) {
      const declared = [...kernel.wgsl.matchAll(/@binding\((\d+)\) var<storage, (read|read_write)>/g)]
      expect(declared.map((m) => Number(m[1]))).toEqual(kernel.bindings.map((_, i) => i))
      expect(declared.map((m) => (m[2] === 'read' ? 'read' : 'write'))).toEqual(
        kernel.bindings.map((b) => b.access),
      )
      expect(kernel.wgsl).toMatch(/@compute @workgroup_size\([^)]*\)\nfn main/)
      expect(kernel.workgroups.every((n) => n >= 1 && n <= config.maxWorkgroupsPerDimension)).toBe(true)
      if (step.fused) expect(kernel.bindings.length).toBeLessThanOrEqual(maxBindings)
      const written = kernel.bindings
        .filter((b) => b.access === 'write')
        .map((b) => key(plan.storage.get(b.value)!))
      expect(written.every((w) => writes.includes(w))).toBe(true)
      for (const b of kernel.bindings.filter((x) => x.access === 'read')) {
        const s = plan.storage.get(b.value)!
        expect(writes).not.toContain(key(s))
        // a slot read here holds what was written into it last, before this step
        if (s.kind === 'slot')
          expect(defined.get(key(s))).toBe(
            plan.steps.findIndex((t) => stepWrites(t).includes(rootOf(plan, b.value))),
          )
      }
    }
    // what a fused step keeps in registers needs no buffer
    for (const id of step.fused ?? [])
      if (!stepWrites(step).includes(id)) expect(plan.storage.has(id)).toBe(false)
    for (const w of writes) defined.set(w, k)
  })
  for (const id of plan.outputs) expect(plan.storage.has(id)).toBe(true)
  expect(plan.plannedBytes).toBeLessThanOrEqual(plan.naiveBytes)
}

describe('planWebGpu', () => {
  it('has a lowering for every primitive of OPS', () => {
    expect(Object.keys(WEBGPU_LOWERINGS).sort()).toEqual(Object.keys(OPS).sort())
  })

  it('plans every conformance graph with bindings that match the WGSL and no buffer read and written at once', () => {
    for (const { name, g, outputs } of caseGraphs())
      for (const config of [CONFIG, LOW, UNFUSED, NARROW]) {
        const plan = planWebGpu(g, config, outputs)
        try {
          checkPlan(plan, config)
        } catch (e) {
          throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`)
        }
      }
  }, 60_000)

  it('computes every conformance graph’s outputs through its planned buffers, fused or not, as the CPU does', () => {
    let fusedSteps = 0
    for (const { name, g, outputs, feeds } of caseGraphs()) {
      const expected = runCpu(g, feeds, { outputs, reference: true })
      for (const config of [CONFIG, UNFUSED, NARROW]) {
        const plan = planWebGpu(g, config, outputs)
        fusedSteps += plan.steps.filter((s) => s.fused).length
        const got = simulatePlan(plan, feeds)
        for (const y of outputs)
          expect(Array.from(got.get(y.id)!.data), `${name}, value #${y.id}`).toEqual(expected.array(y))
      }
    }
    // the table's backward graphs are where chains of elementwise ops appear
    expect(fusedSteps).toBeGreaterThan(100)
  }, 60_000)

  it('aliases reshape and detach to their source’s buffer and dispatches nothing for them', () => {
    const g = new GraphBuilder()
    const x = g.input([2, 3], { name: 'x' })
    const e = g.exp(x)
    const r = g.reshape(g.detach(e), [3, 2])
    const y = g.neg(r)
    const plan = planWebGpu(g, UNFUSED, [y, r])
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
    const plan = planWebGpu(g, UNFUSED, [h])
    expect(plan.naiveBytes).toBe(20 * 256)
    // two buffers ping-pong: each value dies as soon as the next op has read it
    expect(plan.plannedBytes).toBe(2 * 256)
  })

  it('fuses a chain of twenty elementwise ops into one kernel that needs only its output’s buffer', () => {
    const g = new GraphBuilder()
    let h = g.input([64], { name: 'x' })
    for (let i = 0; i < 10; i++) h = g.tanh(g.mul(h, 2))
    const plan = planWebGpu(g, CONFIG, [h])
    expect(plan.steps).toHaveLength(1)
    expect(plan.steps[0]!.fused).toHaveLength(20)
    expect(plan.steps[0]!.kernels[0]!.bindings.map((b) => b.access)).toEqual(['read', 'write'])
    expect(plan.naiveBytes).toBe(256)
    expect(plan.plannedBytes).toBe(256)
    // the scalar 2 is a literal in the kernel, not an uploaded buffer
    expect(plan.constants).toEqual([])
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
