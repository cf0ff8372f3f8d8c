import { formatShape, type InitSpec, type Shape, type Value } from '../../engine'
import { LowerState, NodeContext } from './lowerContext'

/**
 * Lowering state for a custom-loop step, where one module may be called more than once (the
 * discriminator on the real batch, then on the fakes). Each call reads the same parameters, as
 * calling a PyTorch module twice does; a buffer's second read sees the first call's update
 * (running statistics are updated once per call); each call draws its own noise.
 */
export class SharingLowerState extends LowerState {
  override node(path: string): NodeContext {
    return new SharingNodeContext(this, path)
  }
}

/** A node's helpers that reuse what an earlier call of the same node declared. */
class SharingNodeContext extends NodeContext {
  constructor(
    private readonly shared: SharingLowerState,
    path: string,
  ) {
    super(shared, path)
  }

  override param(name: string, shape: Shape, init: InitSpec): Value {
    const full = `${this.path}.${name}`
    const held = this.shared.params.find((p) => p.name === full)
    if (!held) return super.param(name, shape, init)
    checkSame(full, held.shape, shape)
    return held.afterForward ?? held.value
  }

  override paramChangedInPlace(value: Value, after: Value): void {
    const i = this.shared.params.findIndex((p) => p.value === value || p.afterForward === value)
    const slot = this.shared.params[i]
    if (!slot) throw new Error(`${this.path}: not a parameter of this lowering.`)
    this.shared.params[i] = { ...slot, afterForward: after }
  }

  override buffer(name: string, shape: Shape, init: InitSpec): Value {
    const full = `${this.path}.${name}`
    const held = this.shared.buffers.find((b) => b.name === full)
    if (!held) return super.buffer(name, shape, init)
    checkSame(full, held.shape, shape)
    return held.next ?? held.value
  }

  override updateBuffer(value: Value, next: Value): void {
    const held = this.shared.buffers.find((b) => b.value === value || b.next === value)
    if (!held) throw new Error(`${this.path}: not a buffer of this lowering.`)
    held.next = next
  }

  override noise(shape: Shape, name = 'noise'): Value {
    const taken = (n: string) => this.shared.noise.some((s) => s.name === `${this.path}#${n}`)
    let unique = name
    for (let k = 2; taken(unique); k++) unique = `${name}.${k}`
    return super.noise(shape, unique)
  }
}

function checkSame(name: string, held: Shape, wanted: Shape): void {
  if (held.length === wanted.length && held.every((d, i) => d === wanted[i])) return
  throw new Error(`${name} is ${formatShape(held)} in one call and ${formatShape(wanted)} in another.`)
}
