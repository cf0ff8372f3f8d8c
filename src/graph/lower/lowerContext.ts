import type { BufferSlot, GraphBuilder, InitSpec, NoiseSlot, ParamSlot, Shape, Value } from '../../engine'

/** A buffer being lowered: its slot fields, with the training-mode update filled in later. */
interface PendingBuffer {
  name: string
  shape: Shape
  init: InitSpec
  value: Value
  next?: Value
}

/**
 * What lowering collects while it walks a document: the builder and, by state_dict name, the
 * parameters, buffers and noise inputs the layers declare. One per `lowerDocument` call.
 */
export class LowerState {
  readonly params: ParamSlot[] = []
  readonly buffers: PendingBuffer[] = []
  readonly noise: NoiseSlot[] = []

  constructor(
    readonly g: GraphBuilder,
    readonly training: boolean,
  ) {}

  /** The helpers of the node at module path `path` (`res1.conv`). */
  node(path: string): NodeContext {
    return new NodeContext(this, path)
  }

  /** Buffers as engine slots (frozen: the `next` values are final once lowering is done). */
  bufferSlots(): BufferSlot[] {
    return this.buffers.map((b) => ({ ...b }))
  }
}

/**
 * The per-node helpers a layer's lowering calls: parameters, buffers and noise named under the
 * node's module path, exactly as PyTorch's state_dict names them (`dense1.weight`,
 * `bn.running_mean`, `mha.out_proj.bias`).
 */
export class NodeContext {
  constructor(
    private readonly state: LowerState,
    /** The node's module path: its id, prefixed by the block instances around it. */
    readonly path: string,
  ) {}

  get g(): GraphBuilder {
    return this.state.g
  }

  /** Whether this is a training-mode lowering (batch statistics, dropout on). */
  get training(): boolean {
    return this.state.training
  }

  /** Declares trainable parameter `name` (`weight`, `out_proj.bias`) of this node. */
  param(name: string, shape: Shape, init: InitSpec): Value {
    const full = `${this.path}.${name}`
    const value = this.state.g.param(full, shape)
    this.state.params.push({ name: full, shape: [...shape], init, value })
    return value
  }

  /**
   * Records that the forward pass changes parameter `value` in place to `after` (under no_grad,
   * like Embedding's max_norm renormalization): the optimizer then updates `after`.
   */
  paramChangedInPlace(value: Value, after: Value): void {
    const i = this.state.params.findIndex((p) => p.value === value)
    const slot = this.state.params[i]
    if (!slot) throw new Error(`${this.path}: not a parameter of this lowering.`)
    this.state.params[i] = { ...slot, afterForward: after }
  }

  /** Declares buffer `name` (`running_mean`); returns the value that reads it. */
  buffer(name: string, shape: Shape, init: InitSpec): Value {
    const full = `${this.path}.${name}`
    const value = this.state.g.input(shape, { name: full })
    this.state.buffers.push({ name: full, shape: [...shape], init, value })
    return value
  }

  /** Sets the value buffer `value` holds after a training-mode forward pass. */
  updateBuffer(value: Value, next: Value): void {
    const b = this.state.buffers.find((x) => x.value === value)
    if (!b) throw new Error(`${this.path}: not a buffer of this lowering.`)
    b.next = next
  }

  /** Fresh U[0, 1) noise of `shape` every step, named `<path>.<name>` (training mode only). */
  noise(shape: Shape, name = 'noise'): Value {
    const full = `${this.path}#${name}`
    const value = this.state.g.input(shape, { name: full })
    this.state.noise.push({ name: full, value })
    return value
  }

  /**
   * F.dropout(x, p, training): in training, zero each element with probability p (a fresh
   * Bernoulli mask from noise: kept where noise >= p) and scale the rest by 1/(1-p); identity in
   * eval mode or when p is 0. p = 1 zeroes everything, as in PyTorch.
   */
  dropout(x: Value, p: number, name = 'noise'): Value {
    if (!this.training || p === 0) return x
    const g = this.state.g
    const keep = g.lt(p, this.noise(x.shape, name))
    const kept = g.mul(x, keep)
    return p >= 1 ? g.mul(kept, 0) : g.mul(kept, 1 / (1 - p))
  }
}
