import { DataError, located } from '../io/dataError'
import { elementCount, formatTuple, type HostArray, ITEM_SIZE } from '../io/hostArray'

/**
 * The IDX format of the original MNIST files (yann.lecun.com/exdb/mnist): two zero bytes, a type
 * code, the number of dimensions, each dimension as a big-endian uint32, then the elements in C
 * order, big-endian. `train-images-idx3-ubyte` is `[60000, 28, 28]` of uint8.
 */

/** IDX type codes and how each is read (int8 and int16 are widened to int32, losslessly). */
const IDX_TYPES: Readonly<
  Record<number, { name: string; size: number; dtype: 'uint8' | 'int32' | 'float32' | 'float64' }>
> = {
  8: { name: 'ubyte', size: 1, dtype: 'uint8' },
  9: { name: 'byte', size: 1, dtype: 'int32' },
  11: { name: 'short', size: 2, dtype: 'int32' },
  12: { name: 'int', size: 4, dtype: 'int32' },
  13: { name: 'float', size: 4, dtype: 'float32' },
  14: { name: 'double', size: 8, dtype: 'float64' },
}

const CODE_OF: Readonly<Record<'uint8' | 'int32' | 'float32' | 'float64', number>> = {
  uint8: 0x08,
  int32: 0x0c,
  float32: 0x0d,
  float64: 0x0e,
}

/**
 * Parses an IDX file (uncompressed; gunzip `.gz` files first). Fails with a one-line `DataError`
 * naming the file on a wrong magic, an unknown type code, or a size that disagrees with the
 * header; the size is checked before anything is allocated.
 */
export function readIdx(bytes: Uint8Array, fileName = 'data.idx'): HostArray {
  const fail = (message: string) => new DataError(located(fileName, message))
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b)
    throw fail('this is a gzip file: decompress it first (gunzip)')
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0)
    throw fail('not an IDX file (it does not start with two zero bytes)')
  const type = IDX_TYPES[bytes[2]!]
  if (!type) throw fail(`unknown IDX type code 0x${bytes[2]!.toString(16).padStart(2, '0')}`)
  const rank = bytes[3]!
  const dataStart = 4 + 4 * rank
  if (bytes.length < dataStart) throw fail(`truncated IDX header (${rank} dimensions announced)`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const shape: number[] = []
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false))
  const count = elementCount(shape)
  const expected = count * type.size
  const actual = bytes.length - dataStart
  if (count < 0 || actual !== expected)
    throw fail(
      `${actual < expected ? 'truncated' : 'corrupt'}: shape ${formatTuple(shape)} of ${type.name} needs ${expected} bytes of data, the file has ${actual}`,
    )
  switch (type.dtype) {
    case 'uint8':
      return { dtype: 'uint8', shape, data: bytes.slice(dataStart, dataStart + expected) }
    case 'float32': {
      const data = new Float32Array(count)
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(dataStart + 4 * i, false)
      return { dtype: 'float32', shape, data }
    }
    case 'float64': {
      const data = new Float64Array(count)
      for (let i = 0; i < count; i++) data[i] = view.getFloat64(dataStart + 8 * i, false)
      return { dtype: 'float64', shape, data }
    }
    case 'int32': {
      const data = new Int32Array(count)
      for (let i = 0; i < count; i++) {
        const at = dataStart + type.size * i
        data[i] =
          type.size === 1
            ? view.getInt8(at)
            : type.size === 2
              ? view.getInt16(at, false)
              : view.getInt32(at, false)
      }
      return { dtype: 'int32', shape, data }
    }
  }
}

/** Writes `array` (uint8, int32, float32 or float64) as an IDX file, the inverse of `readIdx`. */
export function writeIdx(array: HostArray): Uint8Array {
  if (array.dtype === 'int64') throw new DataError('writeIdx: IDX has no int64 type (use int32)')
  if (array.shape.length > 255) throw new DataError('writeIdx: IDX holds at most 255 dimensions')
  if (elementCount(array.shape) !== array.data.length)
    throw new DataError(
      `writeIdx: shape ${formatTuple(array.shape)} does not match ${array.data.length} elements`,
    )
  const size = ITEM_SIZE[array.dtype]
  const dataStart = 4 + 4 * array.shape.length
  const out = new Uint8Array(dataStart + size * array.data.length)
  const view = new DataView(out.buffer)
  out[2] = CODE_OF[array.dtype]
  out[3] = array.shape.length
  array.shape.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false)
  })
  if (array.dtype === 'uint8') {
    out.set(array.data, dataStart)
    return out
  }
  for (let i = 0; i < array.data.length; i++) {
    const at = dataStart + size * i
    if (array.dtype === 'int32') view.setInt32(at, array.data[i]!, false)
    else if (array.dtype === 'float32') view.setFloat32(at, array.data[i]!, false)
    else view.setFloat64(at, array.data[i]!, false)
  }
  return out
}
