import { DataError } from './dataError'

/**
 * A dense, C-ordered array in host memory: what the file readers (NPY, IDX, safetensors) hand back
 * and the writers take. Element types use NumPy's names; int64 stays a `BigInt64Array` so that
 * nothing is rounded on the way in (convert with `toInt32` / `toFloat32` where the engine needs it).
 */
export type HostDType = 'float32' | 'float64' | 'int32' | 'int64' | 'uint8'

/** The typed array that holds each `HostDType`. */
export interface HostDataOf {
  float32: Float32Array
  float64: Float64Array
  int32: Int32Array
  int64: BigInt64Array
  uint8: Uint8Array
}

/** An n-dimensional array: `data.length` equals the product of `shape` (1 for a scalar). */
export type HostArray = {
  [D in HostDType]: { readonly dtype: D; readonly shape: readonly number[]; readonly data: HostDataOf[D] }
}[HostDType]

/** Bytes per element of each dtype. */
export const ITEM_SIZE: Readonly<Record<HostDType, number>> = {
  float32: 4,
  float64: 8,
  int32: 4,
  int64: 8,
  uint8: 1,
}

/** True on little-endian hosts (every platform a browser or Node runs on in practice). */
export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/**
 * Copies `byteLength` little-endian bytes at `offset` of `bytes` into a fresh, aligned typed
 * array of `dtype`. The copy makes the result independent of the file buffer and avoids the
 * alignment rule of typed-array views (an f32 view must start at a multiple of 4).
 */
export function typedFromLittleEndian(
  dtype: HostDType,
  bytes: Uint8Array,
  offset: number,
  byteLength: number,
): HostArray['data'] {
  if (!LITTLE_ENDIAN_HOST) throw new Error('Triad reads binary tensors on little-endian hosts only.')
  const buffer = bytes.slice(offset, offset + byteLength).buffer
  switch (dtype) {
    case 'float32':
      return new Float32Array(buffer)
    case 'float64':
      return new Float64Array(buffer)
    case 'int32':
      return new Int32Array(buffer)
    case 'int64':
      return new BigInt64Array(buffer)
    case 'uint8':
      return new Uint8Array(buffer)
  }
}

/** The bytes of a typed array, little-endian (a view, not a copy). */
export function littleEndianBytes(data: HostArray['data']): Uint8Array {
  if (!LITTLE_ENDIAN_HOST) throw new Error('Triad writes binary tensors on little-endian hosts only.')
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

/** Product of the dimensions, or -1 when a dimension is not a non-negative safe integer. */
export function elementCount(shape: readonly number[]): number {
  let n = 1
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) return -1
    n *= d
    if (!Number.isSafeInteger(n)) return -1
  }
  return n
}

/** `(100, 4)`: a shape as NumPy prints it, for messages about NPY files. */
export function formatTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
}

/** Every element as a float32 array (int64 beyond 2^53 loses precision, as in NumPy). */
export function toFloat32(array: HostArray): Float32Array {
  if (array.dtype === 'float32') return array.data
  const out = new Float32Array(array.data.length)
  if (array.dtype === 'int64') for (let i = 0; i < out.length; i++) out[i] = Number(array.data[i]!)
  else out.set(array.data)
  return out
}

/**
 * Every element as an int32, for class ids. Fails on a value that is not an integer in int32's
 * range (a float label such as 0.5, or an int64 id beyond 2^31), naming its index.
 */
export function toInt32(array: HostArray, what = 'array'): Int32Array {
  if (array.dtype === 'int32') return array.data
  const out = new Int32Array(array.data.length)
  for (let i = 0; i < out.length; i++) {
    const v = Number(array.data[i]!)
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647)
      throw new DataError(`${what}: element ${i} is ${v}, not an int32 integer.`)
    out[i] = v
  }
  return out
}
