import type { Pair } from '../ops/convGeometry'
import { OPS } from '../ops/index'
import type { OpDef } from '../ops/opDef'
import { normalizeAxes, normalizeAxis, resolveReshape, type Shape, ShapeError, sameShape } from './shape'
import type { DType, Graph, Value } from './value'

/** A value of this graph, or a plain number (a scalar of the other operand's dtype). */
export type Operand = Value | number

/** An int or an (H, W) pair, as PyTorch's 2-D ops take them. */
export type IntPair = number | readonly [number, number]

/** torch.nn.functional.conv2d's keyword arguments (numeric padding only). */
export interface Conv2dOptions {
  stride?: IntPair
  padding?: IntPair
  dilation?: IntPair
  groups?: number
}

/** torch.nn.functional.conv_transpose2d's keyword arguments. */
export interface ConvTranspose2dOptions extends Conv2dOptions {
  output_padding?: IntPair
}

/** torch.nn.functional.max_pool2d's keyword arguments; stride defaults to kernel_size. */
export interface MaxPool2dOptions {
  kernel_size: IntPair
  stride?: IntPair | null
  padding?: IntPair
  dilation?: IntPair
  ceil_mode?: boolean
}

/** torch.nn.functional.avg_pool2d's keyword arguments; stride defaults to kernel_size. */
export interface AvgPool2dOptions {
  kernel_size: IntPair
  stride?: IntPair | null
  padding?: IntPair
  ceil_mode?: boolean
  count_include_pad?: boolean
  divisor_override?: number | null
}

function pair(v: IntPair): Pair {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]]
}

/**
 * The part of `GraphBuilder` that appends primitives: one method per op of `ops/index.ts`, each
 * normalizing PyTorch-style arguments into the op's attributes. Use `GraphBuilder`.
 */
export class PrimitiveBuilder implements Graph {
  readonly nodes: Value[] = []
  private readonly names = new Set<string>()
  private readonly scopes: string[] = []

  /**
   * Appends a value computed by primitive `def`. Op-specific builder methods normalize their
   * arguments into `attrs` and call this; passes that rewrite graphs may call it directly.
   */
  apply<A>(def: OpDef<A>, inputs: readonly Value[], attrs: A, name?: string): Value {
    if (def.arity !== 'variadic' && inputs.length !== def.arity)
      throw new ShapeError(`${def.name} takes ${def.arity} inputs but got ${inputs.length}.`)
    for (const v of inputs)
      if (this.nodes[v.id] !== v) throw new Error(`${def.name}: an input value belongs to another graph.`)
    const scope = this.scopes.length > 0 ? this.scopes.join('.') : undefined
    let type: ReturnType<OpDef<A>['inferType']>
    try {
      type = def.inferType(inputs, attrs)
    } catch (e) {
      if (e instanceof ShapeError && scope) throw new ShapeError(`${scope}: ${e.message}`)
      throw e
    }
    const value: Value = {
      id: this.nodes.length,
      op: def.name,
      inputs: inputs.map((v) => v.id),
      attrs,
      shape: [...type.shape],
      dtype: type.dtype,
      ...(name !== undefined && { name }),
      ...(scope !== undefined && { scope }),
    }
    this.nodes.push(value)
    return value
  }

  /** Runs `fn` with `name` appended to the scope recorded on new values (`block.0.conv`). */
  withScope<T>(name: string, fn: () => T): T {
    this.scopes.push(name)
    try {
      return fn()
    } finally {
      this.scopes.pop()
    }
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`the graph already has an input or param named '${name}'.`)
    this.names.add(name)
    return name
  }

  private lift(x: Operand, like: DType): Value {
    return typeof x === 'number' ? this.full([], x, like) : x
  }

  private lift2(a: Operand, b: Operand): [Value, Value] {
    const dtype = typeof a !== 'number' ? a.dtype : typeof b !== 'number' ? b.dtype : 'f32'
    return [this.lift(a, dtype), this.lift(b, dtype)]
  }

  // ---- sources ----

  /** A tensor fed at run time under `name` (default `input<k>`). */
  input(shape: Shape, options: { name?: string; dtype?: DType } = {}): Value {
    const name = this.claim(options.name ?? `input${this.nodes.filter((v) => v.op === 'input').length}`)
    return this.apply(OPS.input, [], { shape: [...shape], dtype: options.dtype ?? 'f32' }, name)
  }

  /** A trainable f32 parameter, fed under `name` (its key in the weights). */
  param(name: string, shape: Shape): Value {
    return this.apply(OPS.param, [], { shape: [...shape], dtype: 'f32' }, this.claim(name))
  }

  /** torch.full(shape, value). */
  full(shape: Shape, value: number, dtype: DType = 'f32'): Value {
    return this.apply(OPS.full, [], { shape: [...shape], dtype, value })
  }

  /** A 0-d tensor. */
  scalar(value: number, dtype: DType = 'f32'): Value {
    return this.full([], value, dtype)
  }

  /** Fixed values known when building (copied, so later edits to `data` do not leak in). */
  constant(data: Float32Array | Int32Array | readonly number[], shape: Shape, dtype?: DType): Value {
    const type: DType = dtype ?? (data instanceof Int32Array ? 'i32' : 'f32')
    const copy = type === 'i32' ? Int32Array.from(data) : Float32Array.from(data)
    return this.apply(OPS.constant, [], { shape: [...shape], dtype: type, data: copy })
  }

  /** Each element's index along `axis` (torch.arange broadcast over the other axes). */
  iota(shape: Shape, axis: number, dtype: DType = 'i32'): Value {
    return this.apply(OPS.iota, [], { shape: [...shape], dtype, axis: normalizeAxis(axis, shape.length) })
  }

  // ---- unary elementwise ----

  /** torch.neg: -x. */
  neg(x: Value): Value {
    return this.apply(OPS.neg, [x], {})
  }
  /** torch.exp. */
  exp(x: Value): Value {
    return this.apply(OPS.exp, [x], {})
  }
  /** torch.log (natural). */
  log(x: Value): Value {
    return this.apply(OPS.log, [x], {})
  }
  /** torch.sqrt. */
  sqrt(x: Value): Value {
    return this.apply(OPS.sqrt, [x], {})
  }
  /** torch.rsqrt: 1/sqrt(x). */
  rsqrt(x: Value): Value {
    return this.apply(OPS.rsqrt, [x], {})
  }
  /** torch.abs. */
  abs(x: Value): Value {
    return this.apply(OPS.abs, [x], {})
  }
  /** torch.sign (no gradient). */
  sign(x: Value): Value {
    return this.apply(OPS.sign, [x], {})
  }
  /** torch.relu. */
  relu(x: Value): Value {
    return this.apply(OPS.relu, [x], {})
  }
  /** torch.tanh. */
  tanh(x: Value): Value {
    return this.apply(OPS.tanh, [x], {})
  }
  /** torch.sigmoid. */
  sigmoid(x: Value): Value {
    return this.apply(OPS.sigmoid, [x], {})
  }
  /** torch.erf. */
  erf(x: Value): Value {
    return this.apply(OPS.erf, [x], {})
  }
  /** torch.sin. */
  sin(x: Value): Value {
    return this.apply(OPS.sin, [x], {})
  }
  /** torch.cos. */
  cos(x: Value): Value {
    return this.apply(OPS.cos, [x], {})
  }

  // ---- binary elementwise (broadcasting) ----

  /** a + b, broadcasting. */
  add(a: Operand, b: Operand): Value {
    return this.apply(OPS.add, this.lift2(a, b), {})
  }
  /** a - b, broadcasting. */
  sub(a: Operand, b: Operand): Value {
    return this.apply(OPS.sub, this.lift2(a, b), {})
  }
  /** a * b, broadcasting. */
  mul(a: Operand, b: Operand): Value {
    return this.apply(OPS.mul, this.lift2(a, b), {})
  }
  /** a / b (f32), broadcasting. */
  div(a: Operand, b: Operand): Value {
    return this.apply(OPS.div, this.lift2(a, b), {})
  }
  /** torch.pow(a, b) (f32), broadcasting. */
  pow(a: Operand, b: Operand): Value {
    return this.apply(OPS.pow, this.lift2(a, b), {})
  }
  /** torch.maximum (NaN wins). */
  maximum(a: Operand, b: Operand): Value {
    return this.apply(OPS.maximum, this.lift2(a, b), {})
  }
  /** torch.minimum (NaN wins). */
  minimum(a: Operand, b: Operand): Value {
    return this.apply(OPS.minimum, this.lift2(a, b), {})
  }
  /** a < b as an f32 mask. */
  lt(a: Operand, b: Operand): Value {
    return this.apply(OPS.lt, this.lift2(a, b), {})
  }
  /** a > b as an f32 mask. */
  gt(a: Operand, b: Operand): Value {
    return this.apply(OPS.gt, this.lift2(a, b), {})
  }
  /** a == b as an f32 mask. */
  eq(a: Operand, b: Operand): Value {
    return this.apply(OPS.eq, this.lift2(a, b), {})
  }
  /** torch.where(cond, a, b): nonzero cond picks a. */
  where(cond: Value, a: Operand, b: Operand): Value {
    return this.apply(OPS.where, [cond, ...this.lift2(a, b)], {})
  }

  // ---- reductions ----

  /** torch.sum over `axes` (all when omitted; negatives count from the end). */
  sum(x: Value, axes?: number | readonly number[], keepdims = false): Value {
    return this.apply(OPS.sum, [x], { axes: normalizeAxes(axes, x.shape.length), keepdims })
  }

  /** torch.amax over `axes` (all when omitted). */
  max(x: Value, axes?: number | readonly number[], keepdims = false): Value {
    return this.apply(OPS.max, [x], { axes: normalizeAxes(axes, x.shape.length), keepdims })
  }

  // ---- contractions, convolutions, pooling ----

  /** torch.matmul, 1-D operands included (a vector is promoted, then its axis removed). */
  matmul(a: Value, b: Value): Value {
    if (a.shape.length === 1 && b.shape.length === 1)
      return this.reshape(this.matmul(this.reshape(a, [1, -1]), this.reshape(b, [-1, 1])), [])
    if (a.shape.length === 1) {
      const y = this.matmul(this.reshape(a, [1, -1]), b)
      return this.reshape(y, [...y.shape.slice(0, -2), y.shape[y.shape.length - 1]!])
    }
    if (b.shape.length === 1)
      return this.reshape(this.matmul(a, this.reshape(b, [-1, 1])), a.shape.slice(0, -1))
    return this.apply(OPS.matmul, [a, b], {})
  }

  /** F.conv2d without bias: x [N, C, H, W], weight [O, C/groups, kH, kW]. */
  conv2d(x: Value, weight: Value, o: Conv2dOptions = {}): Value {
    return this.apply(OPS.conv2d, [x, weight], {
      stride: pair(o.stride ?? 1),
      padding: pair(o.padding ?? 0),
      dilation: pair(o.dilation ?? 1),
      groups: o.groups ?? 1,
    })
  }

  /** F.conv_transpose2d without bias: x [N, Cin, H, W], weight [Cin, Cout/groups, kH, kW]. */
  convTranspose2d(x: Value, weight: Value, o: ConvTranspose2dOptions = {}): Value {
    return this.apply(OPS.convTranspose2d, [x, weight], {
      stride: pair(o.stride ?? 1),
      padding: pair(o.padding ?? 0),
      dilation: pair(o.dilation ?? 1),
      groups: o.groups ?? 1,
      outputPadding: pair(o.output_padding ?? 0),
    })
  }

  /** F.max_pool2d on [N, C, H, W]. */
  maxPool2d(x: Value, o: MaxPool2dOptions): Value {
    return this.apply(OPS.maxPool2d, [x], maxPoolAttrs(o))
  }

  /** Flat i32 index (into all of x) of the element each max-pooling window picks. */
  maxPool2dIndices(x: Value, o: MaxPool2dOptions): Value {
    return this.apply(OPS.maxPool2dIndices, [x], maxPoolAttrs(o))
  }

  /** F.avg_pool2d on [N, C, H, W]. */
  avgPool2d(x: Value, o: AvgPool2dOptions): Value {
    const kernel = pair(o.kernel_size)
    return this.apply(OPS.avgPool2d, [x], {
      kernel,
      stride: o.stride == null ? kernel : pair(o.stride),
      padding: pair(o.padding ?? 0),
      ceilMode: o.ceil_mode ?? false,
      countIncludePad: o.count_include_pad ?? true,
      divisorOverride: o.divisor_override ?? null,
    })
  }

  // ---- indexing ----

  /** Rows of `table` by i32 `indices` (F.embedding): [R, ...rest], [...I] -> [...I, ...rest]. */
  gather(table: Value, indices: Value): Value {
    return this.apply(OPS.gather, [table, indices], {})
  }

  /** Adds `values` [...I, ...rest] into the rows `indices` [...I] of a zero [rows, ...rest] table. */
  scatterAdd(indices: Value, values: Value, rows: number): Value {
    return this.apply(OPS.scatterAdd, [indices, values], { rows })
  }

  // ---- views and conversions ----

  /** torch.reshape; one -1 is inferred. Returns x itself when the shape is unchanged. */
  reshape(x: Value, shape: readonly number[]): Value {
    const target = resolveReshape(x.shape, shape)
    return sameShape(target, x.shape) ? x : this.apply(OPS.reshape, [x], { shape: target })
  }

  /** torch.permute (negative axes allowed). */
  permute(x: Value, perm: readonly number[]): Value {
    const p = perm.map((a) => normalizeAxis(a, x.shape.length))
    return p.every((a, i) => a === i) ? x : this.apply(OPS.permute, [x], { perm: p })
  }

  /** x[starts[0]:ends[0], ...] over every axis, step 1. */
  slice(x: Value, starts: readonly number[], ends: readonly number[]): Value {
    return this.apply(OPS.slice, [x], { starts: [...starts], ends: [...ends] })
  }

  /** Constant padding with a [before, after] pair per axis, in axis order. */
  pad(x: Value, pads: readonly (readonly [number, number])[], value = 0): Value {
    return this.apply(OPS.pad, [x], { pads: pads.map(([a, b]) => [a, b] as const), value })
  }

  /** torch.cat along `axis`. */
  concat(xs: readonly Value[], axis: number): Value {
    const first = xs[0]
    if (!first) throw new ShapeError('concat needs at least one input.')
    return this.apply(OPS.concat, xs, { axis: normalizeAxis(axis, first.shape.length) })
  }

  /** torch.broadcast_to / expand (no -1 entries). Returns x itself when nothing changes. */
  expand(x: Value, shape: Shape): Value {
    return sameShape(x.shape, shape) ? x : this.apply(OPS.expand, [x], { shape: [...shape] })
  }

  /** Tensor.to(dtype); x itself when it already has that dtype. */
  cast(x: Value, dtype: DType): Value {
    return x.dtype === dtype ? x : this.apply(OPS.cast, [x], { dtype })
  }

  /** Tensor.detach(): same values, no gradient. */
  detach(x: Value): Value {
    return this.apply(OPS.detach, [x], {})
  }
}

function maxPoolAttrs(o: MaxPool2dOptions) {
  const kernel = pair(o.kernel_size)
  return {
    kernel,
    stride: o.stride == null ? kernel : pair(o.stride),
    padding: pair(o.padding ?? 0),
    dilation: pair(o.dilation ?? 1),
    ceilMode: o.ceil_mode ?? false,
  }
}
