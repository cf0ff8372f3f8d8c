import { numel } from '../../ir/shape'
import type { Value } from '../../ir/value'
import type { MapOperand } from '../kernels/map'
import { mapSpecOf } from '../kernels/mapSpec'
import { isContiguous } from '../wgsl/index'

/**
 * The elementwise fusion pass, as data: it partitions the computed values of a graph into units,
 * each one dispatch group of the plan, and orders them. A unit is either one value of any op
 * (lowered by its own kernels) or a group of map ops (elementwise math, casts, strided views)
 * computed per output element by one fused kernel.
 *
 * Groups grow greedily in topological order: a map op joins the groups of the producers it reads
 * element for element (same element count, contiguous read, through reshape/detach aliases too).
 * A merge is refused when
 * - a member would read another member at another element (broadcast, transpose, slice): that
 *   value must be in a buffer before the group runs;
 * - the kernel would bind more than `maxBindings` storage buffers (external reads plus the
 *   members that are written because an output or a kernel outside the group needs them);
 * - the units would depend on each other in a cycle: a path leaving the group and coming back,
 *   through other units as they stand, so the units always form a DAG that can be scheduled.
 * Scalar `full` constants are inlined as literals by the fused kernel and cost no binding.
 * Last, a sum or max whose input a group computes takes that group as its prologue: the
 * reduction computes the chain where it reads its input (softmax's sum of exp(x - max)), and
 * writes the chain's values other kernels need there (it reads each element exactly once).
 */

/** What the pass needs to know about the plan being built. */
export interface FusionContext {
  readonly nodes: readonly Value[]
  /** Ids of the values computed by kernels (not feeds, constants, aliases or zero-size), ascending. */
  readonly computed: readonly number[]
  /** The value whose buffer each value lives in: itself, or an alias's source. */
  readonly root: ReadonlyMap<number, number>
  /** Roots of the values the run returns: always written. */
  readonly outputRoots: ReadonlySet<number>
  /** The values a computed value's kernels read, where that is not its graph inputs (folded transposes). */
  readonly sources?: ReadonlyMap<number, readonly number[]>
  /** Storage buffers one fused kernel may bind. */
  readonly maxBindings: number
  /** When false every computed value is a unit of its own (fusion off). */
  readonly enabled: boolean
}

/** One unit of the plan: its values (ascending ids) and those it writes to buffers. */
export interface FusionUnit {
  readonly members: readonly number[]
  /** Members written to their buffers (the others live only in registers). */
  readonly writes: readonly number[]
}

/** How a map op reads one operand: a member of its group element for element, or not. */
export interface OperandRead {
  readonly operand: MapOperand
  /** The value whose buffer holds the operand (the operand itself unless it is an alias). */
  readonly root: number
  /** The read is element i of the operand for output element i (same count, contiguous). */
  readonly plain: boolean
}

/** The operands of a map op with their roots, or undefined for other ops and zero-size values. */
export function operandReads(
  v: Value,
  nodes: readonly Value[],
  root: ReadonlyMap<number, number>,
): OperandRead[] | undefined {
  if (numel(v.shape) === 0) return undefined
  const spec = mapSpecOf(
    v,
    v.inputs.map((id) => nodes[id]!),
  )
  if (!spec) return undefined
  return spec.operands.map((operand) => ({
    operand,
    root: root.get(operand.value.id) ?? operand.value.id,
    plain:
      (operand.base ?? 0) === 0 &&
      numel(operand.value.shape) === numel(v.shape) &&
      operand.value.shape.length === v.shape.length &&
      isContiguous(v.shape, operand.strides),
  }))
}

/** Whether a value is a `full` constant, which a fused kernel inlines as a literal. */
export function isInlined(v: Value): boolean {
  return v.op === 'full'
}

interface Group {
  members: number[]
}

/** Reductions that take an elementwise prologue: their input computed in their reads. */
export const REDUCTIONS: ReadonlySet<string> = new Set(['sum', 'max'])

/**
 * Partitions and orders the computed values (see the module comment). Every computed value is
 * in exactly one unit; a unit comes after every unit whose writes it reads.
 */
export function partitionElementwise(ctx: FusionContext): FusionUnit[] {
  const { nodes, root } = ctx
  const computed = new Set(ctx.computed)
  const reads = new Map<number, OperandRead[]>()
  for (const id of ctx.computed) {
    const r = ctx.enabled ? operandReads(nodes[id]!, nodes, root) : undefined
    if (r) reads.set(id, r)
  }
  // the computed roots each computed value reads (for map ops: the roots their operands live in)
  const inputsOf = (id: number): number[] => {
    const r = reads.get(id)
    const ids = r
      ? r.map((o) => o.root)
      : (ctx.sources?.get(id) ?? nodes[id]!.inputs).map((x) => root.get(x) ?? x)
    return ids.filter((x) => computed.has(x))
  }
  const consumers = new Map<number, number[]>()
  for (const id of ctx.computed)
    for (const x of new Set(inputsOf(id))) {
      const list = consumers.get(x)
      if (list) list.push(id)
      else consumers.set(x, [id])
    }
  const groupOf = new Map<number, Group>()
  for (const id of ctx.computed) groupOf.set(id, { members: [id] })

  const writesOf = (members: ReadonlySet<number>): number[] =>
    [...members].filter(
      (m) => ctx.outputRoots.has(m) || (consumers.get(m) ?? []).some((c) => !members.has(c)),
    )

  /** Whether the members may form one fused kernel (plain internal reads, bindings, no cycle). */
  const legal = (members: ReadonlySet<number>, groups: ReadonlySet<Group>): boolean => {
    const external = new Set<number>()
    for (const m of members)
      for (const o of reads.get(m)!) {
        if (members.has(o.root)) {
          if (!o.plain) return false
        } else if (!isInlined(nodes[o.root]!)) external.add(o.root)
      }
    if (external.size + writesOf(members).length > ctx.maxBindings) return false
    // no unit upstream of the group's external inputs may be part of the group
    const seen = new Set<Group>()
    const stack = [...external].filter((x) => computed.has(x)).map((x) => groupOf.get(x)!)
    while (stack.length > 0) {
      const g = stack.pop()!
      if (groups.has(g)) return false
      if (seen.has(g)) continue
      seen.add(g)
      for (const m of g.members) for (const x of inputsOf(m)) stack.push(groupOf.get(x)!)
    }
    return true
  }

  for (const id of ctx.computed) {
    const operands = reads.get(id)
    if (!operands) continue
    let group = groupOf.get(id)!
    for (const o of operands) {
      if (!o.plain || !reads.has(o.root)) continue
      const other = groupOf.get(o.root)!
      if (other === group) continue
      const members = new Set([...group.members, ...other.members])
      if (!legal(members, new Set([group, other]))) continue
      const merged: Group = { members: [...members].sort((a, b) => a - b) }
      for (const m of merged.members) groupOf.set(m, merged)
      group = merged
    }
  }
  // a reduction absorbs the group computing its input (writing what others read of it as it goes)
  for (const id of ctx.computed) {
    const v = nodes[id]!
    if (!ctx.enabled || !REDUCTIONS.has(v.op) || groupOf.get(id)!.members.length !== 1) continue
    const x = root.get(v.inputs[0]!) ?? v.inputs[0]!
    if (!reads.has(x)) continue
    const group = groupOf.get(x)!
    // one reduction a group (a group that took one already is not a chain of map ops)
    if (!group.members.every((m) => reads.has(m))) continue
    const members = new Set([...group.members, id])
    const written = writesOf(members)
    const external = new Set<number>()
    for (const m of group.members)
      for (const o of reads.get(m)!)
        if (!members.has(o.root) && !isInlined(nodes[o.root]!)) external.add(o.root)
    if (external.size + written.length > ctx.maxBindings) continue
    // the reduction reads nothing but the group, so the merged unit depends on what the group did
    const merged: Group = { members: [...members].sort((a, b) => a - b) }
    for (const m of merged.members) groupOf.set(m, merged)
  }
  return schedule(ctx.computed, groupOf, inputsOf, (g) =>
    g.members.length === 1 ? g.members : writesOf(new Set(g.members)),
  )
}

/** The groups in an order where each comes after the groups it reads from (depth first, by last member). */
function schedule(
  computed: readonly number[],
  groupOf: ReadonlyMap<number, Group>,
  inputsOf: (id: number) => number[],
  writes: (g: Group) => number[],
): FusionUnit[] {
  const groups = [...new Set(computed.map((id) => groupOf.get(id)!))].sort(
    (a, b) => a.members[a.members.length - 1]! - b.members[b.members.length - 1]!,
  )
  const done = new Set<Group>()
  const open = new Set<Group>()
  const units: FusionUnit[] = []
  for (const start of groups) {
    // iterative post-order: a group is emitted once every group it reads from is
    const stack: { g: Group; expanded: boolean }[] = [{ g: start, expanded: false }]
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      if (done.has(top.g)) {
        stack.pop()
        continue
      }
      if (top.expanded) {
        stack.pop()
        open.delete(top.g)
        done.add(top.g)
        units.push({ members: top.g.members, writes: writes(top.g) })
        continue
      }
      // merges are checked for cycles, so meeting an open group again is a bug in this pass
      if (open.has(top.g)) throw new Error(`elementwise fusion made a cycle at value #${top.g.members[0]}.`)
      open.add(top.g)
      top.expanded = true
      for (const m of top.g.members)
        for (const x of inputsOf(m)) {
          const dep = groupOf.get(x)!
          if (dep !== top.g && !done.has(dep)) stack.push({ g: dep, expanded: false })
        }
    }
  }
  return units
}
