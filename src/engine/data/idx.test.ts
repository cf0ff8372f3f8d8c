import { describe, expect, it } from 'vitest'
import type { HostArray } from '../io/hostArray'
import { readIdx, writeIdx } from './idx'

describe('readIdx', () => {
  it('reads a hand-made big-endian file as MNIST lays it out', () => {
    // [2, 2] of ubyte: magic 00 00 08 02, dims 2 and 2, then 4 pixels.
    const bytes = new Uint8Array([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 128, 254, 255])
    expect(readIdx(bytes)).toEqual({
      dtype: 'uint8',
      shape: [2, 2],
      data: new Uint8Array([0, 128, 254, 255]),
    })
    // [2] of int32 = [1, -2], big-endian.
    const ints = new Uint8Array([0, 0, 0x0c, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xfe])
    expect(readIdx(ints)).toEqual({ dtype: 'int32', shape: [2], data: new Int32Array([1, -2]) })
    // [1] of short = [-3], widened to int32.
    expect(readIdx(new Uint8Array([0, 0, 0x0b, 1, 0, 0, 0, 1, 0xff, 0xfd])).data).toEqual(
      new Int32Array([-3]),
    )
  })

  it('round-trips every dtype it writes', () => {
    const arrays: HostArray[] = [
      { dtype: 'uint8', shape: [3, 1], data: new Uint8Array([1, 2, 3]) },
      { dtype: 'int32', shape: [2], data: new Int32Array([-7, 2147483647]) },
      { dtype: 'float32', shape: [1, 2], data: new Float32Array([0.5, -1e-20]) },
      { dtype: 'float64', shape: [1], data: new Float64Array([Math.PI]) },
    ]
    for (const a of arrays) expect(readIdx(writeIdx(a))).toEqual(a)
  })

  it('refuses gzip, a wrong magic, an unknown type and a size that disagrees with the header', () => {
    expect(() => readIdx(new Uint8Array([0x1f, 0x8b, 8, 0]), 'a.gz')).toThrow(
      'a.gz: this is a gzip file: decompress it first (gunzip)',
    )
    expect(() => readIdx(new Uint8Array([1, 0, 8, 1]), 'a.idx')).toThrow('a.idx: not an IDX file')
    expect(() => readIdx(new Uint8Array([0, 0, 0x42, 1]), 'a.idx')).toThrow(
      'a.idx: unknown IDX type code 0x42',
    )
    expect(() => readIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 9]), 'a.idx')).toThrow(
      'a.idx: truncated IDX header (3 dimensions announced)',
    )
    const truncated = new Uint8Array([0, 0, 8, 1, 0xff, 0xff, 0xff, 0xff, 1, 2])
    expect(() => readIdx(truncated, 'a.idx')).toThrow(
      'a.idx: truncated: shape (4294967295,) of ubyte needs 4294967295 bytes of data, the file has 2',
    )
  })
})
