import type { Value } from '../../ir/value'
import { broadcastView, planLoop, type StridedLoop, type View } from '../views'
import { BINARY_OPS, binaryRun, UNARY_OPS, unaryRun, whereRun } from './elementwiseLoops'
import { type Buffers, f32, type KernelContext, type PlannedKernel } from './kernel'
import { simdElementwise } from './simd'
import type { WasmElementwise } from './wasmElementwise'

/**
 * Elementwise kernels of the f32 plan, fused: a node and the chain of elementwise values only it
 * reads (same shape, one reader, not an output) run as one kernel, chunk by chunk, so an Adam
 * update's dozen ops stream their tensors once instead of a dozen times. Intermediates of a
 * chunk live in small Float32Array temporaries, rounded to f32 after each op exactly as separate
 * kernels would be: fusion changes no bit. Operands are read through their views (a transposed,
 * sliced or broadcast operand costs no copy). View ops that must be materialized are a one-op
 * group of 'copy'.
 */

/** View ops the plan materializes by copying from their view, when a consumer needs a buffer. */
const VIEW_OPS = new Set(['reshape', 'permute', 'slice', 'expand', 'detach'])
/** At most this many ops fuse into one kernel. */
const MAX_GROUP = 24
/** Elements per chunk of a fused group: its temporaries stay in the L1 cache. */
const CHUNK = 512

/** Elements per chunk with SIMD: each operand's chunk is copied into WebAssembly memory. */
const SIMD_CHUNK = 1024

/** One op of a group; operands index the group's operand list (externals, then op results). */
interface GroupOp {
  readonly name: string
  readonly kind: 'unary' | 'binary' | 'where'
  readonly code: number
  readonly args: readonly number[]
}

function isElementwise(v: Value, ctx: KernelContext): boolean {
  const f32In = v.inputs.every((id) => ctx.graph.nodes[id]!.dtype === 'f32')
  if (v.dtype !== 'f32' || !f32In) return false
  return (
    (UNARY_OPS as readonly string[]).includes(v.op) ||
    (BINARY_OPS as readonly string[]).includes(v.op) ||
    v.op === 'where'
  )
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i])
}

/** Plans an elementwise node (fused with what only it reads), or a view op's copy. */
export function planElementwise(node: Value, ctx: KernelContext): PlannedKernel | undefined {
  if (VIEW_OPS.has(node.op)) return node.dtype === 'f32' ? planCopy(node, ctx) : undefined
  if (!isElementwise(node, ctx)) return undefined
  // the group's values in topological order, the root last; externals are read through views
  const members: Value[] = []
  const externals: number[] = []
  const collect = (v: Value) => {
    members.push(v)
    for (const id of v.inputs) {
      const u = ctx.graph.nodes[id]!
      const absorb =
        members.length < MAX_GROUP &&
        isElementwise(u, ctx) &&
        ctx.readers[id] === 1 &&
        sameShape(u.shape, node.shape) &&
        !members.includes(u)
      if (absorb) collect(u)
      else if (!externals.includes(id)) externals.push(id)
    }
  }
  collect(node)
  members.sort((a, b) => a.id - b.id)
  const views = externals.map((id) => broadcastView(ctx.views[id]!, node.shape))
  const slot = new Map<number, number>()
  externals.forEach((id, i) => {
    slot.set(id, i)
  })
  members.forEach((v, i) => {
    slot.set(v.id, externals.length + i)
  })
  const ops: GroupOp[] = members.map((v) => ({
    name: v.op,
    kind: v.op === 'where' ? 'where' : (UNARY_OPS as readonly string[]).includes(v.op) ? 'unary' : 'binary',
    code:
      v.op === 'where'
        ? 0
        : (UNARY_OPS as readonly string[]).includes(v.op)
          ? (UNARY_OPS as readonly string[]).indexOf(v.op)
          : (BINARY_OPS as readonly string[]).indexOf(v.op),
    args: v.inputs.map((id) => slot.get(id)!),
  }))
  return planGroup(node, views, ops)
}

/** A view op whose consumer needs a buffer: a strided copy of its view. */
function planCopy(node: Value, ctx: KernelContext): PlannedKernel {
  let view = ctx.views[node.id]!
  // a reshape no strides can express copies its input's elements in row-major order
  if (view.base === node.id) view = ctx.views[node.inputs[0]!]!
  return planGroup(
    { ...node, shape: view.shape },
    [view],
    [{ name: 'copy', kind: 'unary', code: 0, args: [0] }],
  )
}

function contiguous(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length)
  let s = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s
    s *= shape[i]!
  }
  return out
}

function planGroup(node: Value, views: readonly View[], ops: readonly GroupOp[]): PlannedKernel {
  const loop = planLoop(node.shape, [{ strides: contiguous(node.shape), offset: 0 }, ...views])
  const reads = [...new Set(views.map((v) => v.base))]
  const ts = groupInTypeScript(node, views, ops, loop)
  // a lone copy is a strided copy: nothing for SIMD to do
  const simd = ops.length === 1 && ops[0]!.name === 'copy' ? undefined : groupInSimd(node, views, ops, loop)
  return {
    reads,
    run(b: Buffers) {
      const wasm = simd && simdElementwise()
      if (wasm) simd!(b, wasm)
      else ts(b)
    },
  }
}

/** The group run chunk by chunk on TypeScript loops, temporaries in small Float32Arrays. */
function groupInTypeScript(
  node: Value,
  views: readonly View[],
  ops: readonly GroupOp[],
  loop: StridedLoop,
): (b: Buffers) => void {
  const ext = views.length
  const { rows, inner } = loop
  const chunk = ops.length === 1 ? inner : Math.min(CHUNK, inner)
  const temps = ops.slice(0, -1).map(() => new Float32Array(chunk))
  const arrays: Float32Array[] = new Array(ext + ops.length)
  const starts = new Int32Array(ext + ops.length)
  const steps = new Int32Array(ext + ops.length)
  for (let i = 0; i < ext; i++) steps[i] = loop.innerStrides[i + 1]!
  for (let i = ext; i < ext + ops.length; i++) steps[i] = 1
  return (b: Buffers) => {
    const out = f32(b, node.id)
    for (let i = 0; i < ext; i++) arrays[i] = f32(b, views[i]!.base)
    for (let i = 0; i < temps.length; i++) arrays[ext + i] = temps[i]!
    arrays[ext + ops.length - 1] = out
    const last = ops.length - 1
    for (let r = 0; r < rows; r++) {
      const outRow = loop.offsets[0]![r]!
      for (let c = 0; c < inner; c += chunk) {
        const n = Math.min(chunk, inner - c)
        for (let i = 0; i < ext; i++) starts[i] = loop.offsets[i + 1]![r]! + c * steps[i]!
        starts[ext + last] = outRow + c
        for (let k = 0; k <= last; k++) runOp(ops[k]!, ext + k, arrays, starts, steps, n)
      }
    }
  }
}

/** One op of a group over n elements: operands and destination by slot. */
function runOp(
  op: GroupOp,
  d: number,
  arrays: readonly Float32Array[],
  starts: Int32Array,
  steps: Int32Array,
  n: number,
): void {
  const [p, q, s] = op.args as [number, number, number]
  if (op.kind === 'unary') unaryRun(op.code, arrays[d]!, starts[d]!, arrays[p]!, starts[p]!, steps[p]!, n)
  else if (op.kind === 'binary')
    binaryRun(
      op.code,
      arrays[d]!,
      starts[d]!,
      arrays[p]!,
      starts[p]!,
      steps[p]!,
      arrays[q]!,
      starts[q]!,
      steps[q]!,
      n,
    )
  else
    whereRun(
      arrays[d]!,
      starts[d]!,
      arrays[p]!,
      starts[p]!,
      steps[p]!,
      arrays[q]!,
      starts[q]!,
      steps[q]!,
      arrays[s]!,
      starts[s]!,
      steps[s]!,
      n,
    )
}

/**
 * The group run chunk by chunk in WebAssembly memory: each operand's chunk is copied in (a
 * memcpy when contiguous; operands constant over the whole tensor are filled in once per run),
 * every op with a SIMD version runs four lanes at a time, the others run their TypeScript loop
 * on the same memory, and the result is copied out.
 */
function groupInSimd(
  node: Value,
  views: readonly View[],
  ops: readonly GroupOp[],
  loop: StridedLoop,
): (b: Buffers, wasm: WasmElementwise) => void {
  const ext = views.length
  const slots = ext + ops.length
  const { rows, inner } = loop
  const chunk = Math.min(SIMD_CHUNK, (inner + 3) & ~3)
  const stride = Array.from({ length: ext }, (_, i) => loop.innerStrides[i + 1]!)
  const offsets = Array.from({ length: ext }, (_, i) => loop.offsets[i + 1]!)
  const constant = offsets.map((o, i) => stride[i] === 0 && o.every((v) => v === o[0]))
  const sources: Float32Array[] = new Array(ext)
  // every slot is a chunk of memory from 0 on; ops read and write slots with step 1
  const starts = Int32Array.from({ length: slots }, (_, i) => i * chunk)
  const steps = new Int32Array(slots).fill(1)
  const arrays: Float32Array[] = new Array(slots)
  const last = slots - 1
  return (b: Buffers, wasm: WasmElementwise) => {
    wasm.reserve(slots * chunk * 4)
    const mem = wasm.floats()
    arrays.fill(mem)
    const fns = ops.map((o) => wasm.ops[o.name])
    const out = f32(b, node.id)
    for (let i = 0; i < ext; i++) {
      sources[i] = f32(b, views[i]!.base)
      if (constant[i]) mem.fill(sources[i]![offsets[i]![0]!]!, i * chunk, (i + 1) * chunk)
    }
    for (let r = 0; r < rows; r++) {
      const outRow = loop.offsets[0]![r]!
      for (let c = 0; c < inner; c += chunk) {
        const n = Math.min(chunk, inner - c)
        for (let i = 0; i < ext; i++) {
          if (constant[i]) continue
          const src = sources[i]!
          const st = stride[i]!
          const at = offsets[i]![r]! + c * st
          const to = i * chunk
          if (st === 1) mem.set(src.subarray(at, at + n), to)
          else if (st === 0) mem.fill(src[at]!, to, to + n)
          else for (let j = 0; j < n; j++) mem[to + j] = src[at + j * st]!
        }
        const lanes = (n + 3) & ~3
        for (let k = 0; k < ops.length; k++) {
          const fn = fns[k]
          const op = ops[k]!
          if (fn) {
            const [p, q, s] = op.args as [number, number, number]
            fn((ext + k) * chunk * 4, p * chunk * 4, (q ?? 0) * chunk * 4, (s ?? 0) * chunk * 4, lanes)
          } else runOp(op, ext + k, arrays, starts, steps, n)
        }
        out.set(mem.subarray(last * chunk, last * chunk + n), outRow + c)
      }
    }
  }
}
