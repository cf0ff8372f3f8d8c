import type { Value } from '../ir/value'
import type { CpuTensor } from '../ops/opDef'

/** What a WebGPU run read back, looked up by value: the same contract as `CpuResult`. */
export class WebGpuResult {
  constructor(private readonly tensors: ReadonlyMap<number, CpuTensor>) {}

  /** The tensor read back for `v`; throws if `v` was not among the outputs asked for. */
  get(v: Value): CpuTensor {
    const t = this.tensors.get(v.id)
    if (!t) throw new Error(`value #${v.id} (${v.op}) was not read back: list it in outputs.`)
    return t
  }

  /** The data read back for `v`, as a plain array (for tests and small read-backs). */
  array(v: Value): number[] {
    return Array.from(this.get(v).data)
  }
}
