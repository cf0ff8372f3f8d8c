import type { Value } from '../../ir/value'
import { type Access, mathHelpers, PRELUDE } from '../wgsl/index'

/**
 * Sizes the kernels are generated for, chosen from the device's limits (`kernelConfigFor`): a
 * device with low limits gets smaller workgroups and tiles rather than failing.
 */
export interface KernelConfig {
  /** Threads per workgroup of 1-D kernels and reductions (a power of two). */
  readonly workgroupSize: number
  /** Side of the square output tile (and workgroup) of matmul: 16, 8 or 4. */
  readonly matmulTile: number
  /** Workgroups per dispatch dimension; larger launches fold into y and z, then loop. */
  readonly maxWorkgroupsPerDimension: number
  /**
   * scatterAdd's method: 'gather' (each output element sums its matches: deterministic, in the
   * CPU's order, cost rows × indices), 'atomic' (a compare-and-swap loop on the f32 bits: cost
   * linear, order not fixed), or 'auto' (gather while rows × indices × width stays small).
   */
  readonly scatterAdd: 'auto' | 'gather' | 'atomic'
  /**
   * Elementwise fusion: chains of map ops (elementwise math, casts, strided views) computed in
   * one kernel, their intermediates kept in registers. Default on; off plans one kernel per op.
   */
  readonly fusion?: boolean
  /**
   * Storage buffers one fused kernel may bind, reads and writes together. Default 8 (WebGPU's
   * guaranteed `maxStorageBuffersPerShaderStage`); a chain that would need more is split.
   */
  readonly maxFusedBindings?: number
  /**
   * Matmul's register-tiled kernel (64×64 output tiles, a 4×4 block per thread, vec4 loads where
   * the shapes allow) for matrices of at least `REGISTER_TILE_MIN`² outputs. Default on; it needs
   * `matmulTile` 16 (256 invocations a workgroup), so a low-limit device keeps the simple kernel.
   */
  readonly matmulRegisterTiles?: boolean
  /**
   * What a workgroup barrier costs. 'cheap' (default: a GPU) stages matmul and convolution
   * operands through workgroup memory and reduces long rows with workgroup trees. 'costly' (a
   * CPU-emulated adapter such as SwiftShader, where a barrier switches between every invocation
   * of the workgroup) prefers barrier-free kernels: products and convolutions blocked 4×4 in each
   * thread's registers, and reductions a thread per output unless they are long and few
   * (`treeReduction`).
   */
  readonly barriers?: 'cheap' | 'costly'
}

/** One storage binding of a kernel: the value bound and how the kernel uses it. */
export interface KernelBinding {
  readonly value: number
  readonly access: Access
}

/** A compute dispatch: shape-specialised WGSL, what it binds (binding i = entry i), its grid. */
export interface Kernel {
  /** For error messages and debugging labels: the op and the value it computes. */
  readonly label: string
  readonly wgsl: string
  readonly bindings: readonly KernelBinding[]
  readonly workgroups: readonly [number, number, number]
}

/** What a kernel generator receives: the node, its input values, its attrs and the sizes. */
export interface KernelArgs<A = unknown> {
  readonly node: Value
  readonly inputs: readonly Value[]
  readonly attrs: A
  readonly config: KernelConfig
}

/** Generates the dispatches of one op instance, in order (most ops need one). */
export type KernelGen<A = unknown> = (args: KernelArgs<A>) => Kernel[]

/**
 * Assembles a WGSL module: the prelude, the math helpers `body` calls, storage declarations
 * and the entry point.
 */
export function shader(
  declarations: readonly string[],
  body: string,
  helpers: Iterable<string> = [],
): string {
  return `${PRELUDE}${mathHelpers(helpers)}\n${declarations.join('\n')}\n${body}\n`
}

/** A kernel for `node` whose bindings are its inputs (read) then its output (write), in order. */
export function kernel(
  node: Value,
  wgsl: string,
  workgroups: readonly [number, number, number],
  reads: readonly number[] = node.inputs,
  label = `${node.op} #${node.id}`,
): Kernel {
  return {
    label,
    wgsl,
    bindings: [
      ...reads.map((value) => ({ value, access: 'read' as const })),
      { value: node.id, access: 'write' },
    ],
    workgroups,
  }
}
