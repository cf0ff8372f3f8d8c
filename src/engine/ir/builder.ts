import { PrimitiveBuilder } from './primitiveBuilder'
import { normalizeAxes, normalizeAxis, numel, type Shape, ShapeError, sameShape } from './shape'
import type { Value } from './value'

export type {
  AvgPool2dOptions,
  Conv2dOptions,
  ConvTranspose2dOptions,
  IntPair,
  MaxPool2dOptions,
  Operand,
} from './primitiveBuilder'

/**
 * Builds a primitive-IR graph, one value at a time; every call checks shapes at once and throws a
 * `ShapeError` that says what was expected. Sizes are concrete (the batch size included).
 * Besides the primitives it offers composites made of them (mean, softmax, logsumexp, ...), so
 * lowering code reads like PyTorch. Autodiff appends gradient values to the same builder.
 *
 * @example
 * const g = new GraphBuilder()
 * const x = g.input([4, 3], { name: 'x' })
 * const w = g.param('w', [3, 5])
 * const y = g.relu(g.matmul(x, w))
 */
export class GraphBuilder extends PrimitiveBuilder {
  /** torch.mean over `axes`: sum times 1/n (NaN over an empty axis, as in PyTorch). */
  mean(x: Value, axes?: number | readonly number[], keepdims = false): Value {
    const ax = normalizeAxes(axes, x.shape.length)
    const n = numel(ax.map((a) => x.shape[a]!))
    return this.mul(this.sum(x, ax, keepdims), 1 / n)
  }

  /** torch.amin over `axes`. */
  min(x: Value, axes?: number | readonly number[], keepdims = false): Value {
    return this.neg(this.max(this.neg(x), axes, keepdims))
  }

  /** torch.transpose(x, d0, d1). */
  transpose(x: Value, d0: number, d1: number): Value {
    const rank = x.shape.length
    const perm = Array.from({ length: rank }, (_, i) => i)
    const a = normalizeAxis(d0, rank)
    const b = normalizeAxis(d1, rank)
    perm[a] = b
    perm[b] = a
    return this.permute(x, perm)
  }

  /** Removes axis `axis`, which must have size 1 (all size-1 axes when omitted). */
  squeeze(x: Value, axis?: number): Value {
    if (axis === undefined)
      return this.reshape(
        x,
        x.shape.filter((d) => d !== 1),
      )
    const a = normalizeAxis(axis, x.shape.length)
    if (x.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${axis} has size ${x.shape[a]}, not 1.`)
    return this.reshape(
      x,
      x.shape.filter((_, i) => i !== a),
    )
  }

  /** Inserts a size-1 axis at `axis` (torch.unsqueeze; -1 appends). */
  unsqueeze(x: Value, axis: number): Value {
    const a = normalizeAxis(axis, x.shape.length + 1)
    return this.reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)])
  }

  /** torch.flatten(x, start, end). */
  flatten(x: Value, start = 0, end = -1): Value {
    const rank = x.shape.length
    if (rank === 0) return this.reshape(x, [1])
    const s = normalizeAxis(start, rank)
    const e = normalizeAxis(end, rank)
    return this.reshape(x, [...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)])
  }

  /** torch.narrow: `length` entries of `axis` from `start`. */
  narrow(x: Value, axis: number, start: number, length: number): Value {
    const a = normalizeAxis(axis, x.shape.length)
    return this.slice(
      x,
      x.shape.map((_, i) => (i === a ? start : 0)),
      x.shape.map((d, i) => (i === a ? start + length : d)),
    )
  }

  /**
   * Sums a broadcast tensor back to `shape` (the adjoint of broadcasting): over the leading axes
   * it gained and the axes that were 1. Throws if `shape` does not broadcast to x's shape.
   */
  sumToShape(x: Value, shape: Shape): Value {
    if (sameShape(x.shape, shape)) return x
    const lead = x.shape.length - shape.length
    const fits = lead >= 0 && shape.every((d, i) => d === x.shape[lead + i] || d === 1)
    if (!fits) throw new ShapeError(`cannot sum [${x.shape.join(', ')}] back to [${shape.join(', ')}].`)
    const axes: number[] = []
    for (let i = 0; i < x.shape.length; i++)
      if (i < lead || (shape[i - lead] === 1 && x.shape[i] !== 1)) axes.push(i)
    return this.reshape(axes.length > 0 ? this.sum(x, axes, true) : x, shape)
  }

  /**
   * torch.logsumexp, stabilized by the (detached) maximum; a slice of all -inf gives -inf, not NaN.
   */
  logsumexp(x: Value, axes?: number | readonly number[], keepdims = false): Value {
    const ax = normalizeAxes(axes, x.shape.length)
    const m = this.detach(this.max(x, ax, true))
    const safe = this.where(this.lt(this.abs(m), Number.POSITIVE_INFINITY), m, 0)
    const lse = this.add(this.log(this.sum(this.exp(this.sub(x, safe)), ax, true)), safe)
    return keepdims
      ? lse
      : this.reshape(
          lse,
          x.shape.filter((_, i) => !ax.includes(i)),
        )
  }

  /** torch.softmax along `axis`. */
  softmax(x: Value, axis = -1): Value {
    const e = this.exp(this.sub(x, this.detach(this.max(x, axis, true))))
    return this.div(e, this.sum(e, axis, true))
  }

  /** torch.log_softmax along `axis`. */
  logSoftmax(x: Value, axis = -1): Value {
    return this.sub(x, this.logsumexp(x, axis, true))
  }
}
