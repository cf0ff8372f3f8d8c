/**
 * Static shapes of the primitive IR: plain arrays of non-negative integers, row-major.
 * Unlike the graph document's shapes there is no symbolic batch dimension: a graph is compiled for
 * one concrete batch size, so every size here is a number.
 */
export type Shape = readonly number[]

/** A shape rule's complaint. The builder prefixes it with the op (and scope) that raised it. */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ShapeError'
  }
}

/** `[2, 3, 5]`: how shapes appear in every error message. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`
}

/** Number of elements (1 for a scalar, 0 if any dimension is 0). */
export function numel(shape: Shape): number {
  let n = 1
  for (const d of shape) n *= d
  return n
}

/** Row-major (C-contiguous) strides, in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length)
  let s = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s
    s *= shape[i]!
  }
  return strides
}

/** Element-wise equality of two shapes. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i])
}

/** Throws unless every entry is a non-negative integer. */
export function checkShape(shape: Shape, what = 'shape'): void {
  for (const d of shape)
    if (!Number.isInteger(d) || d < 0)
      throw new ShapeError(
        `${what} ${formatShape(shape)} has a dimension that is not a non-negative integer.`,
      )
}

/**
 * NumPy/PyTorch broadcasting: shapes are aligned at the right; each pair of sizes must be equal or
 * one of them 1 (a 1 stretches, even to 0).
 */
export function broadcastShapes(...shapes: Shape[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length))
  const out = new Array<number>(rank).fill(1)
  for (const s of shapes) {
    const offset = rank - s.length
    for (let i = 0; i < s.length; i++) {
      const d = s[i]!
      const o = out[offset + i]!
      if (d === o || d === 1) continue
      if (o === 1) out[offset + i] = d
      else
        throw new ShapeError(
          `cannot broadcast ${shapes.map(formatShape).join(' with ')}: dimension ${i - s.length} is ${o} in one and ${d} in another (sizes must match or be 1).`,
        )
    }
  }
  return out
}

/**
 * Strides that read a tensor of `shape` as if it had the broadcast shape `target`: 0 along the
 * dimensions it is stretched over (missing leading ones and size-1 ones).
 */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape)
  const offset = target.length - shape.length
  const out = new Array<number>(target.length).fill(0)
  for (let i = 0; i < shape.length; i++)
    out[offset + i] = shape[i] === 1 && target[offset + i] !== 1 ? 0 : own[i]!
  return out
}

/** Resolves a possibly negative axis (PyTorch style, -1 = last) against a rank. */
export function normalizeAxis(axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1))
    throw new ShapeError(
      `axis ${axis} is out of range for a ${rank}-D tensor (valid: ${-rank}..${rank - 1}).`,
    )
  return axis < 0 ? axis + rank : axis
}

/**
 * Resolves reduction axes: undefined means all axes; negatives count from the end. The result is
 * sorted and duplicate-free (a duplicate is an error, as in PyTorch).
 */
export function normalizeAxes(axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i)
  const list = typeof axes === 'number' ? [axes] : axes
  const out = list.map((a) => normalizeAxis(a, rank))
  if (new Set(out).size !== out.length) throw new ShapeError(`axes [${list.join(', ')}] repeat a dimension.`)
  return out.sort((a, b) => a - b)
}

/** Resolves a reshape target with at most one -1 (inferred) entry, as `torch.reshape` does. */
export function resolveReshape(from: Shape, to: readonly number[]): number[] {
  const total = numel(from)
  const unknown = to.filter((d) => d === -1).length
  if (unknown > 1) throw new ShapeError(`reshape target ${formatShape(to)} has more than one -1.`)
  for (const d of to)
    if (d !== -1 && (!Number.isInteger(d) || d < 0))
      throw new ShapeError(`reshape target ${formatShape(to)} has an invalid dimension ${d}.`)
  const known = to.reduce((p, d) => (d === -1 ? p : p * d), 1)
  if (unknown === 1) {
    if (known === 0 || total % known !== 0)
      throw new ShapeError(`cannot reshape ${formatShape(from)} (${total} elements) into ${formatShape(to)}.`)
    return to.map((d) => (d === -1 ? total / known : d))
  }
  if (known !== total)
    throw new ShapeError(
      `cannot reshape ${formatShape(from)} (${total} elements) into ${formatShape(to)} (${known} elements).`,
    )
  return [...to]
}
