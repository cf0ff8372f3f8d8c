import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { HostArray } from '../io/hostArray'
import { readNpy, toInt64, writeNpy } from './npy'

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)))

interface Golden {
  dtype: string
  shape: number[]
  values: number[]
}
const GOLDEN = JSON.parse(
  readFileSync(new URL('./fixtures/npy.golden.json', import.meta.url), 'utf8'),
) as Record<string, Golden>

describe('readNpy', () => {
  it.each(Object.keys(GOLDEN))('reads %s.npy as numpy wrote it (dtype, shape, every value)', (name) => {
    const golden = GOLDEN[name]!
    const array = readNpy(fixture(`${name}.npy`), `${name}.npy`)
    expect(array.dtype).toBe(golden.dtype)
    expect(array.shape).toEqual(golden.shape)
    expect(Array.from(array.data, Number)).toEqual(golden.values)
  })

  it('refuses an unsupported dtype, naming the file, the dtype and the supported ones', () => {
    expect(() => readNpy(fixture('bad_c8.npy'), 'x.npy')).toThrow(
      "x.npy: dtype '<c8' is not supported (use float32, float64, int32, int64 or uint8)",
    )
    expect(() => readNpy(fixture('bad_big_endian.npy'), 'x.npy')).toThrow(
      "x.npy: dtype '>f4' is not supported",
    )
    expect(() => readNpy(fixture('bad_structured.npy'), 'x.npy')).toThrow(
      'x.npy: a structured dtype is not supported',
    )
  })

  it('refuses a Fortran-ordered array and says how to save it in C order', () => {
    expect(() => readNpy(fixture('bad_fortran.npy'), 'x.npy')).toThrow(
      'x.npy: fortran_order is True: save the array in C order (np.ascontiguousarray(x)) and try again',
    )
  })

  it('refuses a truncated file, a file with extra bytes and a file that is not NPY, in one line each', () => {
    const good = fixture('f4_2x3.npy')
    const messages = [
      good.subarray(0, good.length - 3),
      new Uint8Array([...good, 0]),
      new Uint8Array(20),
      good.subarray(0, 30),
    ].map((bytes) => {
      try {
        readNpy(bytes, 'x.npy')
        return 'no error'
      } catch (e) {
        return (e as Error).message
      }
    })
    expect(messages[0]).toBe(
      'x.npy: truncated: shape (2, 3) of float32 needs 24 bytes of data, the file has 21',
    )
    expect(messages[1]).toBe(
      'x.npy: corrupt: shape (2, 3) of float32 needs 24 bytes of data, the file has 25',
    )
    expect(messages[2]).toBe('x.npy: not an NPY file (it does not start with \\x93NUMPY)')
    expect(messages[3]).toMatch(/^x\.npy: truncated NPY header/)
    for (const m of messages) expect(m).not.toContain('\n')
  })

  it('refuses a header announcing a huge shape without allocating it', () => {
    const good = fixture('f4_2x3.npy')
    const text = new TextDecoder('latin1').decode(good).replace('(2, 3)', '(9999999999, 9)')
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0))
    expect(() => readNpy(bytes, 'x.npy')).toThrow(
      /x\.npy: truncated: shape \(9999999999, 9\) of float32 needs/,
    )
  })

  it('refuses an unknown format version', () => {
    const bytes = fixture('f4_2x3.npy').slice()
    bytes[6] = 4
    expect(() => readNpy(bytes, 'x.npy')).toThrow(
      'x.npy: NPY format version 4.0 is not supported (use 1.0, 2.0 or 3.0)',
    )
  })
})

describe('writeNpy', () => {
  it.each(['f4_2x3', 'f8_3', 'i4_2x2', 'i8_5', 'u1_2x2x2', 'f4_scalar', 'f4_100x4', 'f4_0x3'])(
    'writes %s byte for byte as np.save does',
    (name) => {
      const bytes = fixture(`${name}.npy`)
      expect(writeNpy(readNpy(bytes))).toEqual(bytes)
    },
  )

  it('writes class ids as int64 that read back unchanged', () => {
    const ids = new Int32Array([0, 2, 1, 9, 3])
    const array: HostArray = { dtype: 'int64', shape: [5], data: toInt64(ids) }
    const back = readNpy(writeNpy(array))
    expect(back.dtype).toBe('int64')
    expect(Array.from(back.data, Number)).toEqual([0, 2, 1, 9, 3])
  })

  it('keeps the data 64-byte aligned for any shape', () => {
    for (const n of [0, 1, 9, 99, 12345, 1234567]) {
      const bytes = writeNpy({ dtype: 'uint8', shape: [n, 1], data: new Uint8Array(n) })
      const headerLength = new DataView(bytes.buffer).getUint16(8, true)
      expect((10 + headerLength) % 64).toBe(0)
    }
  })

  it('refuses a shape that does not match the number of elements', () => {
    expect(() => writeNpy({ dtype: 'float32', shape: [2, 2], data: new Float32Array(3) })).toThrow(
      'writeNpy: shape (2, 2) does not match 3 elements',
    )
  })
})
