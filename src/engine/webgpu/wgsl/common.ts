/**
 * Building blocks of the generated WGSL: literals that survive WGSL's rules on non-finite
 * constants, storage declarations, the thread-index header of 1-D kernels, and index arithmetic
 * (a row-major index split into coordinates, coordinates folded into a strided offset). Every
 * size is baked into the text, so a kernel is specialised to its shapes and the pipeline cache
 * can key on the text alone.
 */
import type { Shape } from '../../ir/shape'
import type { DType } from '../../ir/value'

/** The WGSL element type of an IR dtype. */
export function wgslType(dtype: DType): 'f32' | 'i32' {
  return dtype === 'i32' ? 'i32' : 'f32'
}

/** An unsigned integer literal. */
export function u32(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`${n} does not fit a u32 index.`)
  return `${n}u`
}

/** A signed integer literal (i32::MIN has no literal form, so it is spelled as a bitcast). */
export function i32(n: number): string {
  const v = n | 0
  return v === -2147483648 ? 'bitcast<i32>(0x80000000u)' : `${v}i`
}

const scratch = new DataView(new ArrayBuffer(4))

/** The bits of `v` rounded to f32. */
export function f32Bits(v: number): number {
  scratch.setFloat32(0, v)
  return scratch.getUint32(0)
}

/**
 * An f32 value, exactly: a bitcast of its bits. WGSL rejects constant expressions that are
 * infinite or NaN, so those go through `f32_bits`, a function call and therefore not constant.
 */
export function f32(v: number): string {
  const hex = `0x${f32Bits(v).toString(16)}u`
  return Number.isFinite(Math.fround(v)) ? `bitcast<f32>(${hex})` : `f32_bits(${hex})`
}

/** A literal of `dtype`. */
export function literal(v: number, dtype: DType): string {
  return dtype === 'i32' ? i32(v) : f32(v)
}

/**
 * Helpers every kernel may call: bit-exact NaN/Inf tests (comparisons alone are not enough once
 * a compiler assumes finite math) and non-finite constants.
 */
export const PRELUDE = `fn f32_bits(b: u32) -> f32 { return bitcast<f32>(b); }
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn nan_f32() -> f32 { return f32_bits(0x7fc00000u); }
fn inf_f32() -> f32 { return f32_bits(0x7f800000u); }
`

/** How a kernel uses a storage binding. */
export type Access = 'read' | 'write'

/** A storage buffer declaration at `@binding(index)`; `elem` may be an atomic type. */
export function storage(index: number, name: string, elem: string, access: Access): string {
  const mode = access === 'read' ? 'read' : 'read_write'
  return `@group(0) @binding(${index}) var<storage, ${mode}> ${name}: array<${elem}>;`
}

/** A grid of workgroups folded into x, y and z, and the WGSL of a workgroup's linear index. */
export interface Grid {
  readonly workgroups: [number, number, number]
  /** The workgroup's linear index, from `wid` (the workgroup_id builtin): uniform across it. */
  readonly group: string
  /** Workgroups launched (x·y·z): a kernel needing more loops over `group + k · launched`. */
  readonly launched: number
}

/**
 * Folds `groups` workgroups into the three dispatch dimensions, each at most `maxPerDim`. When
 * even that is too few, the kernel loops (grid-stride): workgroup g also does g + launched, ...
 * Every kernel bound-checks its linear index, which may run past `groups` in the last row.
 */
export function foldGroups(groups: number, maxPerDim: number): Grid {
  const gx = Math.max(1, Math.min(groups, maxPerDim))
  const gy = Math.max(1, Math.min(Math.ceil(groups / gx), maxPerDim))
  const gz = Math.max(1, Math.min(Math.ceil(groups / (gx * gy)), maxPerDim))
  const group =
    gz > 1
      ? `(wid.z * ${u32(gy)} + wid.y) * ${u32(gx)} + wid.x`
      : gy > 1
        ? `wid.y * ${u32(gx)} + wid.x`
        : 'wid.x'
  return { workgroups: [gx, gy, gz], group, launched: gx * gy * gz }
}

/** A 1-D launch: its grid, and the WGSL up to the opening of `element(i)`, which the kernel writes and closes. */
export interface Launch {
  readonly workgroups: [number, number, number]
  readonly header: string
}

/**
 * Launches `count` threads (one per output element, typically) in 1-D workgroups of `size`,
 * folded into the grid's dimensions. The entry point calls `fn element(i: u32)` for each of its
 * indices below `count` (one, unless the grid is capped), so an early `return` in the kernel's
 * body skips just that element.
 */
export function launch1d(count: number, size: number, maxPerDim: number): Launch {
  const grid = foldGroups(Math.ceil(count / size), maxPerDim)
  const header = `@compute @workgroup_size(${size})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  for (var i = (${grid.group}) * ${u32(size)} + lid; i < ${u32(count)}; i = i + ${u32(grid.launched * size)}) {
    element(i);
  }
}
fn element(i: u32) {`
  return { workgroups: grid.workgroups, header }
}

/**
 * WGSL statements that split the row-major index `index` of `shape` into coordinates
 * `${prefix}0`, `${prefix}1`, ... (u32). Size-1 (and size-0) dimensions get the constant 0.
 */
export function coordinates(shape: Shape, index: string, prefix: string): string {
  const rank = shape.length
  if (rank === 0) return ''
  const lines = [`var ${prefix}r = ${index};`]
  for (let d = rank - 1; d >= 0; d--) {
    const size = shape[d]!
    if (d === 0) lines.push(`let ${prefix}0 = ${prefix}r;`)
    else if (size <= 1) lines.push(`let ${prefix}${d} = 0u;`)
    else lines.push(`let ${prefix}${d} = ${prefix}r % ${u32(size)}; ${prefix}r = ${prefix}r / ${u32(size)};`)
  }
  return lines.join('\n  ')
}

/** `base + Σ coord_d · stride_d` over the coordinates named `${prefix}d`, skipping zero strides. */
export function offset(strides: readonly number[], prefix: string, base = 0): string {
  const terms = strides.flatMap((s, d) =>
    s === 0 ? [] : [s === 1 ? `${prefix}${d}` : `${prefix}${d} * ${u32(s)}`],
  )
  if (base !== 0 || terms.length === 0) terms.unshift(u32(base))
  return terms.join(' + ')
}

/** Whether `strides` are the row-major strides of `shape` (ignoring size-1 dimensions). */
export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && strides[d] !== expected) return false
    expected *= shape[d]!
  }
  return true
}
