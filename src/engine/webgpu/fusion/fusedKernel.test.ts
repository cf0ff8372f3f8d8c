import { describe, expect, it } from 'vitest'
import { GraphBuilder } from '../../ir/builder'
import { kernelConfigFor } from '../device'
import { mapSpecOf } from '../kernels/mapSpec'
import { planWebGpu } from '../plan'

const CONFIG = kernelConfigFor({
  maxBufferSize: 1 << 28,
  maxStorageBufferBindingSize: 1 << 27,
  maxStorageBuffersPerShaderStage: 8,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeWorkgroupsPerDimension: 65535,
})

function fusedWgsl(build: (g: GraphBuilder) => Parameters<typeof planWebGpu>[2]) {
  const g = new GraphBuilder()
  const outputs = build(g)
  const plan = planWebGpu(g, CONFIG, outputs)
  const step = plan.steps.find((s) => s.fused)
  if (!step) throw new Error('nothing was fused')
  return { g, plan, step, kernel: step.kernels[0]! }
}

describe('fused kernels', () => {
  it('computes members as lets in registers and inlines scalar constants as exact literals', () => {
    const { kernel, step } = fusedWgsl((g) => [g.sigmoid(g.mul(g.input([10], { name: 'x' }), 0.1))])
    const [mul, sigmoid] = step.fused!
    expect(kernel.wgsl).toContain(`let v${mul} = op0(in0[i], bitcast<f32>(0x3dcccccdu));`)
    expect(kernel.wgsl).toContain(`let v${sigmoid} = op1(v${mul});`)
    expect(kernel.wgsl).toContain(`out0[i] = v${sigmoid};`)
    expect(kernel.wgsl).toContain('fn t_sigmoid(')
    expect(kernel.bindings.map((b) => b.access)).toEqual(['read', 'write'])
  })

  it('uses each op’s own expression, the one its standalone kernel computes', () => {
    const { g, kernel, step } = fusedWgsl((g) => {
      const x = g.input([4, 3], { name: 'x' })
      return [g.where(g.gt(x, 0), g.log(g.abs(x)), g.neg(x))]
    })
    for (const id of step.fused!) {
      const v = g.nodes[id]!
      const expr = mapSpecOf(
        v,
        v.inputs.map((x) => g.nodes[x]!),
      )!.expr
      expect(kernel.wgsl).toContain(`{ return ${expr}; }`)
    }
  })

  it('reads broadcast operands at the offset of the output coordinates, and binds each buffer once', () => {
    const { g, kernel } = fusedWgsl((g) => {
      const x = g.input([2, 3], { name: 'x' })
      const b = g.input([3], { name: 'b' })
      return [g.mul(g.add(x, b), b)]
    })
    const [x, b] = g.nodes.filter((v) => v.op === 'input')
    expect(kernel.bindings.map((k) => k.value)).toEqual([x!.id, b!.id, g.nodes.length - 1])
    // [3] broadcast into [2, 3]: column coordinate only
    expect(kernel.wgsl).toMatch(/in1\[s0_1\]/)
    expect(kernel.wgsl).toContain('let s0_1 = s0_r % 3u;')
  })

  it('types each member by its dtype through casts, writing an i32 result to an i32 buffer', () => {
    const { kernel } = fusedWgsl((g) => [g.add(g.cast(g.mul(g.input([5], { name: 'x' }), 3), 'i32'), 1)])
    expect(kernel.wgsl).toMatch(/fn op1\(a: f32\) -> i32 \{ return t_to_i32\(a\); \}/)
    expect(kernel.wgsl).toMatch(/fn op2\(a: i32, b: i32\) -> i32/)
    expect(kernel.wgsl).toContain('var<storage, read_write> out0: array<i32>;')
  })

  it('computes a reduction’s input chain in its reads and writes the chain values other kernels need', () => {
    const g = new GraphBuilder()
    const x = g.input([4, 100], { name: 'x' })
    const e = g.exp(g.sub(x, 1))
    const s = g.sum(e, 1)
    const plan = planWebGpu(g, CONFIG, [s, e])
    expect(plan.steps).toHaveLength(1)
    const kernel = plan.steps[0]!.kernels[0]!
    expect(kernel.label).toBe(`sum #${s.id} (fused input)`)
    // x read, e written as the sum reads it (an output), then the sum itself
    expect(kernel.bindings).toEqual([
      { value: x.id, access: 'read' },
      { value: e.id, access: 'write' },
      { value: s.id, access: 'write' },
    ])
    expect(kernel.wgsl).toContain('fn fused_input(i: u32) -> f32 {')
    expect(kernel.wgsl).toContain(`w0[i] = v${e.id};`)
    // a 100-long reduction takes the workgroup tree, reading through the prologue
    expect(kernel.wgsl).toContain('var<workgroup> part')
    expect(kernel.wgsl).toContain('let v = fused_input(at);')
  })
})
