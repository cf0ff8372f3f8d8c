import { at, attrInt, attrInts, attrPerm } from './attributes'
import type { AttrValue, DecodedNode, TensorData } from './decode'
import { nameText } from './names'
import {
  arith,
  type Const,
  type FloatConst,
  type IntConst,
  isSym,
  normAxis,
  type SymDim,
  type Value,
} from './values'

/**
 * Constant folding for the importer: the ops PyTorch's exporter uses to compute shapes, axes and
 * weight layouts (Shape, Gather, Unsqueeze, Concat, Slice, Cast, arithmetic, Transpose, Split, ...)
 * evaluated when every input is known. Integer tensors may hold the batch symbolically, so
 * `x.view(x.size(0), -1)` folds to the target `[N, -1]`.
 */

/** A file tensor as a folded constant. */
export function constOf(t: TensorData, name = t.name): Const {
  return t.dtype === 'float'
    ? { kind: 'float', name, dims: t.dims, data: t.data }
    : { kind: 'int', name, dims: t.dims, data: t.data }
}

const size = (dims: readonly number[]) => dims.reduce((a, d) => a * d, 1)

/** Numeric entries of an int constant (axes, pads), or a thrown error naming the node. */
export function intsOf(v: Value | undefined, node: DecodedNode, what: string): number[] {
  if (v?.kind !== 'int') throw new Error(`${at(node)}: ${what} must be a constant list of ints.`)
  return v.data.map((d) => {
    if (isSym(d)) throw new Error(`${at(node)}: ${what} depends on the batch size.`)
    // a float cast to int can carry NaN or an infinity here
    if (!Number.isFinite(d))
      throw new Error(`${at(node)}: ${what} holds a value that is not a finite integer.`)
    return d
  })
}

/** The scalar value of a one-element float constant, or undefined. */
export function scalarOf(v: Value | undefined): number | undefined {
  if (!v || v.kind === 'act') return undefined
  if (v.data.length !== 1) return undefined
  const d = v.data[0]!
  return typeof d === 'number' ? d : undefined
}

/** Strides of a row-major shape. */
function strides(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length).fill(1)
  for (let i = dims.length - 2; i >= 0; i--) s[i] = s[i + 1]! * dims[i + 1]!
  return s
}

/** A constant's data permuted by `perm` (Transpose). */
export function permuteConst<C extends Const>(c: C, perm: readonly number[], name: string): C {
  const dims = perm.map((p) => c.dims[p]!)
  const inStrides = strides(c.dims)
  const outStrides = strides(dims)
  const n = size(dims)
  const pick = (o: number) => {
    let src = 0
    for (let a = 0; a < dims.length; a++)
      src += (Math.floor(o / outStrides[a]!) % dims[a]!) * inStrides[perm[a]!]!
    return src
  }
  if (c.kind === 'float') {
    const data = new Float32Array(n)
    for (let o = 0; o < n; o++) data[o] = c.data[pick(o)]!
    return { ...c, name, dims, data }
  }
  return { ...c, name, dims, data: Array.from({ length: n }, (_, o) => c.data[pick(o)]!) }
}

function withData(
  like: Const,
  name: string,
  dims: readonly number[],
  data: readonly SymDim[] | Float32Array,
): Const {
  return like.kind === 'float'
    ? {
        kind: 'float',
        name,
        dims,
        data: data instanceof Float32Array ? data : Float32Array.from(data as number[]),
      }
    : { kind: 'int', name, dims, data: [...data] }
}

/** Elementwise arithmetic of constants, one side possibly a single element (broadcast). */
function binary(node: DecodedNode, a: Const, b: Const, name: string): Const {
  const op = node.op as 'Mul' | 'Div' | 'Add' | 'Sub' | 'Pow'
  const n = Math.max(a.data.length, b.data.length)
  if (a.data.length !== n && a.data.length !== 1)
    throw new Error(`${at(node)}: constant shapes do not broadcast.`)
  if (b.data.length !== n && b.data.length !== 1)
    throw new Error(`${at(node)}: constant shapes do not broadcast.`)
  const dims = a.data.length === n ? a.dims : b.dims
  const get = (c: Const, i: number): SymDim => (c.data.length === 1 ? c.data[0]! : c.data[i]!)
  if (a.kind === 'float' || b.kind === 'float') {
    const data = new Float32Array(n)
    for (let i = 0; i < n; i++) {
      const x = get(a, i)
      const y = get(b, i)
      if (isSym(x) || isSym(y)) throw new Error(`${at(node)}: float arithmetic on the batch size.`)
      data[i] =
        op === 'Mul' ? x * y : op === 'Div' ? x / y : op === 'Add' ? x + y : op === 'Sub' ? x - y : x ** y
    }
    return { kind: 'float', name, dims, data }
  }
  if (op === 'Pow') throw new Error(`${at(node)}: Pow of integer constants is not supported.`)
  return {
    kind: 'int',
    name,
    dims,
    data: Array.from({ length: n }, (_, i) => arith(op, get(a, i), get(b, i), at(node))),
  }
}

/** Reshape's target resolved against `total` elements: 0 copies the input dim, -1 is inferred. */
export function reshapeDims(
  input: readonly SymDim[],
  target: readonly SymDim[],
  allowZero: boolean,
  where: string,
): SymDim[] {
  const out = target.map((d, i) => (d === 0 && !allowZero ? (input[i] ?? 0) : d))
  const free = out.indexOf(-1)
  if (free < 0) return out
  if (out.filter((d) => d === -1).length > 1)
    throw new Error(`${where}: more than one -1 in a Reshape target.`)
  let total: SymDim = 1
  for (const d of input) total = arith('Mul', total, d, where)
  let known: SymDim = 1
  out.forEach((d, i) => {
    if (i !== free) known = arith('Mul', known, d, where)
  })
  out[free] = isSym(total) && isSym(known) ? total.n / known.n : arith('Div', total, known, where)
  return out
}

/** Slice bounds of one axis, clamped as ONNX does. */
export function sliceRange(len: number, start: number, end: number, step: number): number[] {
  if (step === 0 || !Number.isInteger(step)) throw new Error(`Slice step ${step} is not a non-zero integer.`)
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi)
  const s = start < 0 ? start + len : start
  const e = end < 0 ? end + len : end
  const out: number[] = []
  if (step > 0) for (let i = clamp(s, 0, len); i < clamp(e, 0, len); i += step) out.push(i)
  else for (let i = clamp(s, -1, len - 1); i > clamp(e, -1, len - 1); i += step) out.push(i)
  return out
}

/** The output of a Constant node. */
function constantNode(node: DecodedNode, name: string): Const {
  const [key, v] = [...node.attrs.entries()][0] ?? ['', undefined]
  const value = v as AttrValue | undefined
  if (key === 'value' && value && typeof value === 'object' && 'dtype' in value) return constOf(value, name)
  if (key === 'value_float' && typeof value === 'number')
    return { kind: 'float', name, dims: [], data: Float32Array.of(value) }
  if (key === 'value_floats' && Array.isArray(value))
    return { kind: 'float', name, dims: [value.length], data: Float32Array.from(value) }
  if (key === 'value_int' && typeof value === 'number') return { kind: 'int', name, dims: [], data: [value] }
  if (key === 'value_ints' && Array.isArray(value))
    return { kind: 'int', name, dims: [value.length], data: value }
  throw new Error(`${at(node)}: a Constant of kind '${nameText(key)}' is not supported.`)
}

/** Ops folded when all their inputs are constants. */
export const FOLDABLE = new Set([
  'Constant',
  'Identity',
  'Cast',
  'Gather',
  'Unsqueeze',
  'Squeeze',
  'Concat',
  'Slice',
  'Mul',
  'Div',
  'Add',
  'Sub',
  'Pow',
  'Sqrt',
  'Neg',
  'Transpose',
  'Reshape',
  'Split',
  'ConstantOfShape',
  'Dropout',
])

/** Axes of Unsqueeze/Squeeze: an attribute before opset 13, the second input from 13. */
export function axesOf(node: DecodedNode, inputs: readonly (Value | undefined)[]): number[] | undefined {
  return inputs[1] ? intsOf(inputs[1], node, 'axes') : attrInts(node, 'axes')
}

/**
 * Folds one node whose inputs are all constants; returns its outputs. Throws, naming the node,
 * for a constant computation outside what PyTorch exports use.
 */
export function foldNode(node: DecodedNode, inputs: readonly (Const | undefined)[]): Const[] {
  const name = node.outputs[0] ?? node.name
  const x = inputs[0]
  if (node.op === 'Constant') return [constantNode(node, name)]
  if (!x) throw new Error(`${at(node)}: its first input is missing.`)
  switch (node.op) {
    case 'Identity':
    case 'Dropout':
      return [{ ...x, name }]
    case 'Cast': {
      const to = attrInt(node, 'to', 1)
      const toFloat = to === 1 || to === 11 || to === 10
      if (toFloat === (x.kind === 'float')) return [{ ...x, name }]
      if (toFloat)
        return [withData(x, name, x.dims, Float32Array.from(x.data.map((d) => (isSym(d) ? Number.NaN : d))))]
      const ints = Array.from(x.data as Float32Array, Math.trunc)
      if (!ints.every(Number.isFinite))
        throw new Error(`${at(node)}: casts a non-finite float to an integer: the file is damaged.`)
      return [{ kind: 'int', name, dims: x.dims, data: ints }]
    }
    case 'Gather': {
      const idx = inputs[1]
      if (attrInt(node, 'axis', 0) !== 0 || x.dims.length !== 1 || !idx)
        throw new Error(`${at(node)}: only Gather along axis 0 of a 1-D constant is supported.`)
      const picks = intsOf(idx, node, 'indices').map((i) => x.data[i < 0 ? i + x.data.length : i]!)
      return [withData(x, name, idx.dims, x.kind === 'float' ? Float32Array.from(picks as number[]) : picks)]
    }
    case 'Unsqueeze': {
      const axes = axesOf(node, inputs) ?? []
      const rank = x.dims.length + axes.length
      const at1 = new Set(axes.map((a) => normAxis(a, rank, at(node))))
      const dims: number[] = []
      let j = 0
      for (let i = 0; i < rank; i++) dims.push(at1.has(i) ? 1 : x.dims[j++]!)
      return [{ ...x, name, dims }]
    }
    case 'Squeeze': {
      const axes = axesOf(node, inputs)
      const drop = new Set(
        (axes ?? x.dims.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) =>
          normAxis(a, x.dims.length, at(node)),
        ),
      )
      return [{ ...x, name, dims: x.dims.filter((_, i) => !drop.has(i)) }]
    }
    case 'Concat': {
      const all = inputs.filter((v): v is Const => v !== undefined)
      if (all.some((v) => v.dims.length > 1 || v.kind !== x.kind))
        throw new Error(`${at(node)}: only Concat of 1-D constants of one type is supported.`)
      const data = all.flatMap((v) => [...v.data])
      return [
        withData(x, name, [data.length], x.kind === 'float' ? Float32Array.from(data as number[]) : data),
      ]
    }
    case 'Slice': {
      if (x.dims.length !== 1) throw new Error(`${at(node)}: only Slice of 1-D constants is supported.`)
      const [start = 0] = intsOf(inputs[1], node, 'starts')
      const [end = 0] = intsOf(inputs[2], node, 'ends')
      const [step = 1] = inputs[4] ? intsOf(inputs[4], node, 'steps') : [1]
      const picks = sliceRange(x.data.length, start, end, step).map((i) => x.data[i]!)
      return [
        withData(x, name, [picks.length], x.kind === 'float' ? Float32Array.from(picks as number[]) : picks),
      ]
    }
    case 'Mul':
    case 'Div':
    case 'Add':
    case 'Sub':
    case 'Pow': {
      const y = inputs[1]
      if (!y) throw new Error(`${at(node)}: its second input is missing.`)
      return [binary(node, x, y, name)]
    }
    case 'Sqrt':
    case 'Neg': {
      if (x.kind !== 'float')
        throw new Error(`${at(node)}: ${node.op} of an integer constant is not supported.`)
      return [{ ...x, name, data: x.data.map((v) => (node.op === 'Sqrt' ? Math.sqrt(v) : -v)) }]
    }
    case 'Transpose': {
      return [permuteConst(x, attrPerm(node, x.dims.length), name)]
    }
    case 'Reshape': {
      const target = intsOf(inputs[1], node, 'shape')
      const dims = reshapeDims(x.dims, target, attrInt(node, 'allowzero', 0) === 1, at(node)) as number[]
      if (size(dims) !== x.data.length) throw new Error(`${at(node)}: cannot reshape ${x.dims} to ${target}.`)
      return [{ ...x, name, dims }]
    }
    case 'Split': {
      const axis = normAxis(attrInt(node, 'axis', 0), x.dims.length, at(node))
      const count = node.outputs.length
      const parts = inputs[1] ? intsOf(inputs[1], node, 'split') : (attrInts(node, 'split') ?? [])
      const len = x.dims[axis]!
      const sizes = parts.length > 0 ? parts : new Array<number>(count).fill(Math.ceil(len / count))
      const total = sizes.reduce((sum, s) => sum + s, 0)
      if (sizes.some((s) => s < 0) || (parts.length > 0 && total !== len))
        throw new Error(
          `${at(node)}: ${sizes.length} split sizes summing to ${total} (none may be negative) must cut an axis of ${len}: the file is damaged.`,
        )
      const perm = [axis, ...x.dims.map((_, i) => i).filter((i) => i !== axis)]
      const moved = permuteConst(x, perm, name)
      const inner = size(moved.dims.slice(1))
      const back = perm.map((_, i) => perm.indexOf(i))
      let offset = 0
      return sizes.map((s, k) => {
        const dims = [s, ...moved.dims.slice(1)]
        const data = moved.data.slice(offset * inner, (offset + s) * inner)
        offset += s
        return permuteConst(withData(x, '', dims, data as Float32Array), back, node.outputs[k] ?? '')
      })
    }
    case 'ConstantOfShape': {
      const dims = intsOf(x, node, 'shape')
      if (dims.some((d) => d < 0 || d > 1 << 24))
        throw new Error(`${at(node)}: its shape has a dim outside [0, ${1 << 24}]: the file is damaged.`)
      const n = size(dims)
      if (n > 1 << 24) throw new Error(`${at(node)}: a constant of ${n} elements is too large.`)
      const v = node.attrs.get('value')
      const fill = v && typeof v === 'object' && 'dtype' in v ? v : undefined
      if (fill?.dtype === 'int')
        return [{ kind: 'int', name, dims, data: new Array<number>(n).fill(fill.data[0] ?? 0) }]
      return [
        {
          kind: 'float',
          name,
          dims,
          data: new Float32Array(n).fill(fill?.data[0] ?? 0),
        } satisfies FloatConst,
      ]
    }
  }
  throw new Error(`${at(node)}: folding ${node.op} is not supported.`)
}

/** An int constant of a shape (what Shape of a tensor gives), with `start`/`end` (opset 15). */
export function shapeConst(node: DecodedNode, dims: readonly SymDim[]): IntConst {
  const rank = dims.length
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank)
  const start = clamp(attrInt(node, 'start', 0))
  const end = clamp(attrInt(node, 'end', rank))
  const data = dims.slice(start, end)
  return { kind: 'int', name: node.outputs[0] ?? node.name, dims: [data.length], data }
}
