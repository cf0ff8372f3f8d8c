import { DataError, located } from '../io/dataError'
import {
  elementCount,
  formatTuple,
  type HostArray,
  type HostDType,
  ITEM_SIZE,
  littleEndianBytes,
  typedFromLittleEndian,
} from '../io/hostArray'

/**
 * NumPy's `.npy` format (numpy.lib.format), versions 1.0, 2.0 and 3.0: a magic string, a
 * version, a little-endian header length, a Python dict literal (`descr`, `fortran_order`,
 * `shape`) padded with spaces to a multiple of 64 bytes, then the raw elements. Only what a
 * model's data needs is read: little-endian f4, f8, i4, i8 and u1, in C order.
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] // \x93NUMPY
const ARRAY_ALIGN = 64
/** numpy reserves room for the growth axis to gain digits (numpy.lib.format.GROWTH_AXIS_MAX_DIGITS). */
const GROWTH_AXIS_MAX_DIGITS = 21

const DESCR_TO_DTYPE: Readonly<Record<string, HostDType>> = {
  '<f4': 'float32',
  '<f8': 'float64',
  '<i4': 'int32',
  '<i8': 'int64',
  '|u1': 'uint8',
  '<u1': 'uint8',
}

const DTYPE_TO_DESCR: Readonly<Record<HostDType, string>> = {
  float32: '<f4',
  float64: '<f8',
  int32: '<i4',
  int64: '<i8',
  uint8: '|u1',
}

const SUPPORTED = 'use float32, float64, int32, int64 or uint8'

/**
 * Parses a `.npy` file. Every failure is a one-line `DataError` naming the file: not an NPY file,
 * an unknown version, a dtype other than the five supported (`x.npy: dtype '<c8' is not supported
 * (use float32, float64, int32, int64 or uint8)`), Fortran order, or a data size that disagrees
 * with the header (a truncated file). Nothing is allocated before the size is checked.
 *
 * @example
 * const x = readNpy(bytes, 'x.npy') // { dtype: 'float32', shape: [100, 2], data: Float32Array }
 */
export function readNpy(bytes: Uint8Array, fileName = 'array.npy'): HostArray {
  const fail = (message: string) => new DataError(located(fileName, message))
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    throw fail('not an NPY file (it does not start with \\x93NUMPY)')
  const major = bytes[6]!
  const minor = bytes[7]!
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let headerStart: number
  let headerLength: number
  if (major === 1) {
    headerStart = 10
    headerLength = view.getUint16(8, true)
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw fail('truncated NPY header')
    headerStart = 12
    headerLength = view.getUint32(8, true)
  } else {
    throw fail(`NPY format version ${major}.${minor} is not supported (use 1.0, 2.0 or 3.0)`)
  }
  const dataStart = headerStart + headerLength
  if (dataStart > bytes.length)
    throw fail(
      `truncated NPY header: it claims ${headerLength} bytes, the file has ${bytes.length - headerStart}`,
    )
  const headerBytes = bytes.subarray(headerStart, dataStart)
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(headerBytes)
  const { descr, fortranOrder, shape } = parseHeader(header, fail)
  const dtype = DESCR_TO_DTYPE[descr]
  if (!dtype) throw fail(`dtype '${descr}' is not supported (${SUPPORTED})`)
  if (fortranOrder && shape.filter((d) => d > 1).length > 1)
    throw fail('fortran_order is True: save the array in C order (np.ascontiguousarray(x)) and try again')
  const count = elementCount(shape)
  if (count < 0) throw fail(`shape ${formatTuple(shape)} is not a valid array shape`)
  const expected = count * ITEM_SIZE[dtype]
  const actual = bytes.length - dataStart
  if (actual !== expected)
    throw fail(
      `${actual < expected ? 'truncated' : 'corrupt'}: shape ${formatTuple(shape)} of ${dtype} needs ${expected} bytes of data, the file has ${actual}`,
    )
  return { dtype, shape, data: typedFromLittleEndian(dtype, bytes, dataStart, expected) } as HostArray
}

interface NpyHeader {
  descr: string
  fortranOrder: boolean
  shape: number[]
}

/** Reads the three keys of the header's dict literal; a structured dtype (a list) is refused. */
function parseHeader(header: string, fail: (message: string) => DataError): NpyHeader {
  if (!header.trimStart().startsWith('{')) throw fail('corrupt NPY header (expected a dict literal)')
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)
  if (!descr) {
    if (/['"]descr['"]\s*:\s*\[/.test(header))
      throw fail(`a structured dtype is not supported (${SUPPORTED})`)
    throw fail("corrupt NPY header (no 'descr')")
  }
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)
  if (!fortran) throw fail("corrupt NPY header (no 'fortran_order')")
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)
  if (!shapeText) throw fail("corrupt NPY header (no 'shape')")
  const shape: number[] = []
  for (const part of shapeText[1]!.split(',')) {
    const token = part.trim()
    if (token === '') continue
    if (!/^\d+L?$/.test(token)) throw fail(`corrupt NPY header (shape entry '${token}')`)
    shape.push(Number.parseInt(token, 10))
  }
  return { descr: descr[1]!, fortranOrder: fortran[1] === 'True', shape }
}

/**
 * Writes `array` as a version 1.0 `.npy` file, byte for byte as `np.save` does (same header text,
 * padding and alignment), so NumPy and PyTorch users read it with `np.load`.
 *
 * @example
 * writeNpy({ dtype: 'int64', shape: [3], data: toInt64(new Int32Array([0, 2, 1])) })
 */
export function writeNpy(array: HostArray): Uint8Array {
  const count = elementCount(array.shape)
  if (count < 0 || count !== array.data.length)
    throw new DataError(
      `writeNpy: shape ${formatTuple(array.shape)} does not match ${array.data.length} elements`,
    )
  const shape = array.shape
  let header = `{'descr': '${DTYPE_TO_DESCR[array.dtype]}', 'fortran_order': False, 'shape': ${formatTuple(shape)}, }`
  if (shape.length > 0) header += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length)
  // magic (6) + version (2) + length (2) + header + padding + '\n' is a multiple of ARRAY_ALIGN;
  // like numpy, a header that is already aligned still gets a full ARRAY_ALIGN of padding.
  const padding = ARRAY_ALIGN - ((10 + header.length + 1) % ARRAY_ALIGN)
  header += `${' '.repeat(padding)}\n`
  if (header.length > 0xffff) throw new DataError('writeNpy: the header is too long for NPY version 1.0')
  const data = littleEndianBytes(array.data)
  const out = new Uint8Array(10 + header.length + data.length)
  out.set(MAGIC, 0)
  out[6] = 1
  out[7] = 0
  new DataView(out.buffer).setUint16(8, header.length, true)
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i)
  out.set(data, 10 + header.length)
  return out
}

/** Class ids widened to int64, PyTorch's dtype for class targets (`torch.long`). */
export function toInt64(ids: Int32Array): BigInt64Array {
  const out = new BigInt64Array(ids.length)
  for (let i = 0; i < ids.length; i++) out[i] = BigInt(ids[i]!)
  return out
}
