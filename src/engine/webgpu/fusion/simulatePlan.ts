import type { Feeds } from '../../cpu/runCpu'
import { numel } from '../../ir/shape'
import type { Value } from '../../ir/value'
import { opDef } from '../../ops/index'
import type { CpuTensor } from '../../ops/opDef'
import { constantData, type Storage, stepWrites, type WebGpuPlan } from '../plan'

/**
 * Runs a plan's data flow on the CPU reference kernels, with its buffers as the plan lays them
 * out: each step computes its values (a fused step all its members, in registers) from what its
 * kernels' buffers hold, and writes only `stepWrites` into their storage. Every buffer is tagged
 * with the value last written into it, and a read of a buffer holding another value throws: so
 * a wrong liveness plan, a fused-away value read from outside its group, or a bad step order
 * fails here, in Node, before any GPU runs the plan. Returns the outputs by value id.
 */
export function simulatePlan(plan: WebGpuPlan, feeds: Feeds): Map<number, CpuTensor> {
  const nodes = plan.graph.nodes
  const buffers = new Map<string, { id: number; tensor: CpuTensor }>()
  const key = (s: Storage) => (s.kind === 'empty' ? 'empty' : `${s.kind}:${s.index}`)
  const rootOf = (id: number): number => {
    let v = nodes[id]!
    while (v.op === 'reshape' || v.op === 'detach') v = nodes[v.inputs[0]!]!
    return v.id
  }
  const blank = (v: Value): CpuTensor => ({
    shape: v.shape,
    dtype: v.dtype,
    data: v.dtype === 'i32' ? new Int32Array(numel(v.shape)) : new Float32Array(numel(v.shape)),
  })
  plan.feeds.forEach((v) => {
    const fed = feeds[v.name ?? '']
    if (!fed) throw new Error(`no value fed for '${v.name ?? ''}'.`)
    const data = v.dtype === 'i32' ? Int32Array.from(fed) : Float32Array.from(fed)
    buffers.set(key(plan.storage.get(v.id)!), { id: v.id, tensor: { shape: v.shape, dtype: v.dtype, data } })
  })
  plan.constants.forEach((v) => {
    const tensor = { shape: v.shape, dtype: v.dtype, data: constantData(v) }
    buffers.set(key(plan.storage.get(v.id)!), { id: v.id, tensor })
  })
  const fromBuffer = (id: number, at: string): CpuTensor => {
    const r = rootOf(id)
    const v = nodes[id]!
    if (numel(v.shape) === 0) return blank(v)
    const s = plan.storage.get(id)
    if (!s && v.op === 'permute') {
      // a transpose folded into the matmul reading it: the kernel reads the permute's input
      const out = blank(v)
      opDef(v.op).cpu([fromBuffer(v.inputs[0]!, at)], v.attrs, out)
      return out
    }
    if (!s) throw new Error(`${at} reads value #${id}, which has no buffer.`)
    const held = buffers.get(key(s))
    if (held?.id !== r)
      throw new Error(`${at} reads #${r} from ${key(s)}, which holds #${held?.id ?? 'nothing'}.`)
    return { shape: v.shape, dtype: v.dtype, data: held.tensor.data }
  }
  for (const step of plan.steps) {
    const members = step.fused ?? [step.value]
    const local = new Map<number, CpuTensor>()
    const label = step.kernels[0]?.label ?? `step #${step.value}`
    for (const id of members) {
      const v = nodes[id]!
      const inputs = v.inputs.map((x) => {
        const r = rootOf(x)
        const inRegisters = local.get(r)
        const xv = nodes[x]!
        if (inRegisters) return { shape: xv.shape, dtype: xv.dtype, data: inRegisters.data }
        if (!plan.storage.has(x) && nodes[r]!.op === 'full' && step.fused)
          return { shape: xv.shape, dtype: xv.dtype, data: constantData(nodes[r]!) }
        return fromBuffer(x, label)
      })
      const out = blank(v)
      opDef(v.op).cpu(inputs, v.attrs, out)
      local.set(id, out)
    }
    for (const id of stepWrites(step)) buffers.set(key(plan.storage.get(id)!), { id, tensor: local.get(id)! })
  }
  return new Map(plan.outputs.map((id) => [id, fromBuffer(id, `output #${id}`)]))
}
