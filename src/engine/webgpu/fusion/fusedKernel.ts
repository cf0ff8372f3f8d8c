import { formatShape, numel } from '../../ir/shape'
import type { Value } from '../../ir/value'
import type { FullAttrs } from '../../ops/full'
import { type Kernel, type KernelBinding, type KernelConfig, shader } from '../kernels/kernel'
import { OPERAND_NAMES } from '../kernels/map'
import { mapSpecOf } from '../kernels/mapSpec'
import type { ReducePrologue } from '../kernels/reduce'
import { coordinates, helpersIn, launch1d, literal, offset, storage, wgslType } from '../wgsl/index'
import { isInlined, operandReads } from './partition'

/** The WGSL of a chain of map ops evaluated at one linear index `i`, and the buffers it reads. */
export interface FusedChain {
  /** Root values read from buffers, bound in this order as in0, in1, ... */
  readonly reads: readonly number[]
  /** The op functions (op0, op1, ...) the lines call. */
  readonly functions: string
  /** Statements computing every member as `v<id>` (coordinates first, where operands need them). */
  readonly lines: readonly string[]
}

/**
 * Generates the statements of a fused chain at index `i`: each member a `let` (each op's
 * expression in a function of its operands named a, b, c, exactly the expression its standalone
 * kernel uses), operands read from registers (members), literals (`full` constants) or buffers
 * at their strided offsets of the member's coordinates.
 */
export function fusedChain(
  nodes: readonly Value[],
  members: readonly number[],
  root: ReadonlyMap<number, number>,
): FusedChain {
  const inGroup = new Set(members)
  const count = numel(nodes[members[0]!]!.shape)
  for (const m of members)
    if (numel(nodes[m]!.shape) !== count)
      throw new Error(
        `fused value #${m} has ${formatShape(nodes[m]!.shape)}, not the group's ${count} elements.`,
      )
  const reads: number[] = []
  const functions = new Map<string, string>()
  const shapes = new Map<string, string>()
  const coords: string[] = []
  const lines: string[] = []
  for (const id of members) {
    const v = nodes[id]!
    const spec = mapSpecOf(
      v,
      v.inputs.map((x) => nodes[x]!),
    )
    const operands = operandReads(v, nodes, root)
    if (!spec || !operands) throw new Error(`${v.op} #${id} is not an elementwise op and cannot be fused.`)
    const args = operands.map((o) => {
      const source = nodes[o.root]!
      if (inGroup.has(o.root)) {
        if (!o.plain) throw new Error(`fused ${v.op} #${id} reads member #${o.root} at another element.`)
        return `v${o.root}`
      }
      if (isInlined(source)) return literal((source.attrs as FullAttrs).value, source.dtype)
      let slot = reads.indexOf(o.root)
      if (slot < 0) slot = reads.push(o.root) - 1
      if (o.plain) return `in${slot}[i]`
      const key = formatShape(v.shape)
      let prefix = shapes.get(key)
      if (!prefix) {
        prefix = `s${shapes.size}_`
        shapes.set(key, prefix)
        coords.push(coordinates(v.shape, 'i', prefix))
      }
      return `in${slot}[${offset(o.operand.strides, prefix, o.operand.base ?? 0)}]`
    })
    const params = operands.map((o, k) => `${OPERAND_NAMES[k]}: ${wgslType(o.operand.value.dtype)}`)
    const signature = `(${params.join(', ')}) -> ${wgslType(v.dtype)} { return ${spec.expr}; }`
    let name = functions.get(signature)
    if (!name) {
      name = `op${functions.size}`
      functions.set(signature, name)
    }
    lines.push(`let v${id} = ${name}(${args.join(', ')});`)
  }
  return {
    reads,
    functions: [...functions].map(([signature, name]) => `fn ${name}${signature}`).join('\n'),
    lines: [...coords, ...lines],
  }
}

/**
 * A reduction's prologue: `fn fused_input(i: u32)` computing the chain's value `x` at index `i`
 * for a reduction that reads `x` (sum of exp(x - max), of a masked gradient), so the chain needs
 * no dispatch of its own. A reduction reads each input element exactly once, so the members
 * other kernels need (`writes`) are written there too, as w0, w1, ... (bound after the reads).
 */
export function prologue(
  nodes: readonly Value[],
  members: readonly number[],
  x: number,
  writes: readonly number[],
  root: ReadonlyMap<number, number>,
): ReducePrologue {
  const chain = fusedChain(nodes, members, root)
  const type = wgslType(nodes[x]!.dtype)
  return {
    reads: chain.reads,
    readTypes: chain.reads.map((r) => wgslType(nodes[r]!.dtype)),
    writes,
    writeTypes: writes.map((w) => wgslType(nodes[w]!.dtype)),
    wgsl: `${chain.functions}
fn fused_input(i: u32) -> ${type} {
  ${[...chain.lines, ...writes.map((w, k) => `w${k}[i] = v${w};`)].join('\n  ')}
  return v${x};
}`,
  }
}

/**
 * The kernel of a fused group: one thread per element computes the chain (`fusedChain`) and
 * writes the members in `writes`. Bindings: the buffers read (by root value, in first-use
 * order), then the values written.
 */
export function fusedKernel(
  nodes: readonly Value[],
  members: readonly number[],
  writes: readonly number[],
  root: ReadonlyMap<number, number>,
  config: KernelConfig,
): Kernel {
  const count = numel(nodes[members[0]!]!.shape)
  const { reads, functions, lines } = fusedChain(nodes, members, root)
  const writeLines = writes.map((id, k) => `out${k}[i] = v${id};`)
  const declarations = [
    ...reads.map((r, k) => storage(k, `in${k}`, wgslType(nodes[r]!.dtype), 'read')),
    ...writes.map((w, k) => storage(reads.length + k, `out${k}`, wgslType(nodes[w]!.dtype), 'write')),
  ]
  const { workgroups, header } = launch1d(count, config.workgroupSize, config.maxWorkgroupsPerDimension)
  const body = `${functions}
${header}
  ${[...lines, ...writeLines].join('\n  ')}
}`
  const bindings: KernelBinding[] = [
    ...reads.map((value) => ({ value, access: 'read' as const })),
    ...writes.map((value) => ({ value, access: 'write' as const })),
  ]
  const ops = [...new Set(members.map((m) => nodes[m]!.op))].join(',')
  return {
    label: `fused ${members.length} (${ops}) #${members[members.length - 1]}`,
    wgsl: shader(declarations, body, helpersIn(functions)),
    bindings,
    workgroups,
  }
}
