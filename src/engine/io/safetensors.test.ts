import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { HostArray } from './hostArray'
import { jsonSyntaxErrorAt, readSafetensors, writeSafetensors } from './safetensors'

const FIXTURE = new Uint8Array(readFileSync(new URL('./fixtures/tiny.safetensors', import.meta.url)))
const GOLDEN = JSON.parse(
  readFileSync(new URL('./fixtures/safetensors.golden.json', import.meta.url), 'utf8'),
) as {
  metadata: Record<string, string>
  tensors: Record<string, { dtype: string; shape: number[]; values: (number | string)[] }>
}
const DTYPE: Record<string, HostArray['dtype']> = {
  F32: 'float32',
  F64: 'float64',
  I32: 'int32',
  I64: 'int64',
  U8: 'uint8',
}

function errorOf(run: () => unknown): string {
  try {
    run()
  } catch (e) {
    return (e as Error).message
  }
  return 'no error'
}

/** A header-length prefix + JSON header (unpadded) + data bytes. */
function handMade(header: string, data: Uint8Array = new Uint8Array(0), claimed?: number): Uint8Array {
  const json = new TextEncoder().encode(header)
  const out = new Uint8Array(8 + json.length + data.length)
  new DataView(out.buffer).setUint32(0, claimed ?? json.length, true)
  out.set(json, 8)
  out.set(data, 8 + json.length)
  return out
}

describe('readSafetensors', () => {
  it('reads the hand-written spec fixture: every tensor, dtype, shape, value and the metadata', () => {
    const file = readSafetensors(FIXTURE, 'tiny.safetensors')
    expect(file.metadata).toEqual(GOLDEN.metadata)
    expect([...file.tensors.keys()].sort()).toEqual(Object.keys(GOLDEN.tensors).sort())
    for (const [name, golden] of Object.entries(GOLDEN.tensors)) {
      const t = file.tensors.get(name)!
      expect(t.dtype).toBe(DTYPE[golden.dtype])
      expect(t.shape).toEqual(golden.shape)
      const values = t.dtype === 'int64' ? Array.from(t.data, String) : Array.from(t.data, Number)
      expect(values).toEqual(golden.values)
    }
  })

  it('refuses a truncated file at every cut, in one line, without allocating the claimed size', () => {
    for (let cut = 0; cut < FIXTURE.length; cut += 7) {
      const message = errorOf(() => readSafetensors(FIXTURE.subarray(0, cut), 'w.safetensors'))
      expect(message).toMatch(/^w\.safetensors: /)
      expect(message).not.toContain('\n')
    }
  })

  it('never crashes or hangs on any flipped bit: it reads the file or fails with a DataError', () => {
    let refused = 0
    for (let bit = 0; bit < FIXTURE.length * 8; bit++) {
      const bytes = FIXTURE.slice()
      bytes[bit >> 3]! ^= 1 << (bit & 7)
      try {
        readSafetensors(bytes)
      } catch (e) {
        expect((e as Error).name).toBe('DataError')
        refused++
      }
    }
    // Every flip in the length prefix or the JSON syntax is caught; flips in the data are not errors.
    expect(refused).toBeGreaterThan(64)
  })

  it('refuses a header length over the 100 MB bound or beyond the file', () => {
    const huge = FIXTURE.slice()
    new DataView(huge.buffer).setUint32(4, 1, true)
    expect(errorOf(() => readSafetensors(huge, 'w.safetensors'))).toBe(
      'w.safetensors: header length 4294967800 is over the 100000000-byte limit (corrupt file?)',
    )
    expect(errorOf(() => readSafetensors(handMade('{}', undefined, 5000), 'w.safetensors'))).toBe(
      'w.safetensors: truncated: the header claims 5000 bytes, the file has 2 after the length',
    )
  })

  it('refuses overlapping offsets, gaps, sizes that disagree with the shape, and trailing bytes', () => {
    const data = new Uint8Array(16)
    const overlap =
      '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}'
    expect(errorOf(() => readSafetensors(handMade(overlap, data.subarray(0, 12))))).toContain(
      "tensor 'b' overlaps the previous tensor",
    )
    const gap = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}'
    expect(errorOf(() => readSafetensors(handMade(gap, data.subarray(0, 12))))).toContain(
      "tensor 'a' leaves a gap of 4 bytes before it",
    )
    const size = '{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}'
    expect(errorOf(() => readSafetensors(handMade(size, data.subarray(0, 8))))).toContain(
      "tensor 'a': shape [3] of F32 needs 12 bytes, data_offsets give 8",
    )
    const past = '{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}'
    expect(errorOf(() => readSafetensors(handMade(past, data.subarray(0, 8))))).toContain(
      "truncated: tensor 'a' ends at byte 16 of the data, which has 8",
    )
    const trailing = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'
    expect(errorOf(() => readSafetensors(handMade(trailing, data)))).toContain(
      'the tensors cover 8 bytes of data but the file has 16',
    )
    const overflow = '{"a":{"dtype":"F64","shape":[9007199254740991,9007199254740991],"data_offsets":[0,8]}}'
    expect(errorOf(() => readSafetensors(handMade(overflow, data.subarray(0, 8))))).toContain(
      "tensor 'a': shape",
    )
  })

  it('refuses bad headers: not JSON, not an object, bad entries, non-string metadata', () => {
    expect(errorOf(() => readSafetensors(handMade('{"a":')))).toMatch(/the header is not valid JSON/)
    expect(errorOf(() => readSafetensors(handMade('[1, 2]')))).toContain("the header does not start with '{'")
    expect(
      errorOf(() => readSafetensors(handMade('{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}'))),
    ).toContain("tensor 'a': shape must be a list of non-negative integers")
    expect(
      errorOf(() => readSafetensors(handMade('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}'))),
    ).toContain("tensor 'a': data_offsets must be [begin, end] with 0 <= begin <= end")
    expect(errorOf(() => readSafetensors(handMade('{"__metadata__":{"epoch":3}}')))).toContain(
      "__metadata__['epoch'] is not a string",
    )
    const bad = handMade('{"a":1}')
    bad[9] = 0xff
    expect(errorOf(() => readSafetensors(bad))).toContain('the header is not valid UTF-8')
  })

  it('reports a header that is not JSON by byte offset, never echoing its bytes', () => {
    // the header starts at byte 8: the stray control byte is at byte 8 + 5
    const message = errorOf(() => readSafetensors(handMade('{"a":\u001a}'), 'w.safetensors'))
    expect(message).toBe(
      'w.safetensors: the header is not valid JSON (at byte 13 of the file): the file is corrupt or not a safetensors file',
    )
    // the offset counts UTF-8 bytes, not characters
    expect(errorOf(() => readSafetensors(handMade('{"é":1,}')))).toContain('(at byte 16 of the file)')
  })

  it('shows a tensor name with control characters escaped and a long one cut', () => {
    const header = JSON.stringify({ 'a\nb\u0010': { dtype: 'F32', shape: [1], data_offsets: [0, 8] } })
    const message = errorOf(() => readSafetensors(handMade(header, new Uint8Array(8))))
    expect(message).toContain("tensor 'a\\nb\\u0010'")
    const long = JSON.stringify({ ['w'.repeat(500)]: { dtype: 'F32', shape: [1] } })
    const cut = errorOf(() => readSafetensors(handMade(long)))
    expect(cut).toContain(`'${'w'.repeat(64)}… (500 characters)'`)
    expect(cut.length).toBeLessThan(200)
  })

  it('locates a JSON syntax error by offset and agrees with JSON.parse on which texts are valid', () => {
    expect(jsonSyntaxErrorAt('{"a":1,}')).toBe(7)
    expect(jsonSyntaxErrorAt('{"a" 1}')).toBe(5)
    expect(jsonSyntaxErrorAt('{"a":[1,2')).toBe(9)
    expect(jsonSyntaxErrorAt('{"a":"\\x"}')).toBe(7)
    expect(jsonSyntaxErrorAt('{} x')).toBe(3)
    const damaged = fc
      .tuple(fc.json(), fc.nat(), fc.integer({ min: 0, max: 127 }))
      .map(([text, at, code]) => {
        const i = at % (text.length + 1)
        return text.slice(0, i) + String.fromCharCode(code) + text.slice(i + 1)
      })
    fc.assert(
      fc.property(fc.oneof(fc.json(), damaged), (text) => {
        let valid = true
        try {
          JSON.parse(text)
        } catch {
          valid = false
        }
        const at = jsonSyntaxErrorAt(text)
        expect(at === undefined).toBe(valid)
        if (at !== undefined) expect(at).toBeLessThanOrEqual(text.length)
      }),
      { numRuns: 2000, seed: 5 },
    )
  })

  it('refuses a dtype it cannot hold (after validating the file), naming the tensor', () => {
    const bf16 = '{"w":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}'
    expect(errorOf(() => readSafetensors(handMade(bf16, new Uint8Array(4)), 'm.safetensors'))).toBe(
      "m.safetensors: tensor 'w': dtype 'BF16' is not supported (use F32, F64, I32, I64 or U8)",
    )
  })
})

describe('writeSafetensors', () => {
  it('writes the fixture byte for byte from its tensors and metadata', () => {
    const { tensors, metadata } = readSafetensors(FIXTURE)
    const shuffled = new Map([...tensors.entries()].reverse())
    expect(writeSafetensors(shuffled, metadata)).toEqual(FIXTURE)
  })

  it('aligns every tensor to 8 bytes and pads the header with spaces', () => {
    const bytes = writeSafetensors({
      attn0: { dtype: 'float32', shape: [1, 1, 2, 3], data: new Float32Array(6) },
    })
    const n = new DataView(bytes.buffer).getUint32(0, true)
    expect(n % 8).toBe(0)
    expect(new TextDecoder().decode(bytes.subarray(8, 8 + n))).toBe(
      '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       ',
    )
    expect(writeSafetensors({})).toEqual(
      new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d, 32, 32, 32, 32, 32, 32]),
    )
  })

  it('round-trips random tensors of every supported dtype', () => {
    const tensor = fc.oneof(
      fc
        .array(fc.float({ noNaN: true }), { maxLength: 9 })
        .map((v): HostArray => ({ dtype: 'float32', shape: [v.length], data: Float32Array.from(v) })),
      fc
        .array(fc.double({ noNaN: true }), { maxLength: 9 })
        .map((v): HostArray => ({ dtype: 'float64', shape: [v.length], data: Float64Array.from(v) })),
      fc
        .array(fc.integer(), { maxLength: 9 })
        .map((v): HostArray => ({ dtype: 'int32', shape: [1, v.length], data: Int32Array.from(v) })),
      fc
        .array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 9 })
        .map((v): HostArray => ({ dtype: 'int64', shape: [v.length], data: BigInt64Array.from(v) })),
      fc
        .uint8Array({ maxLength: 9 })
        .map((v): HostArray => ({ dtype: 'uint8', shape: [v.length, 1], data: v })),
    )
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1 }).filter((s) => s !== '__metadata__'),
          tensor,
        ),
        (tensors) => {
          const back = readSafetensors(writeSafetensors(tensors, { k: 'v' }))
          expect(back.metadata).toEqual({ k: 'v' })
          expect(Object.fromEntries(back.tensors)).toEqual(tensors)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('refuses a tensor whose shape does not match its data', () => {
    expect(() =>
      writeSafetensors({ w: { dtype: 'float32', shape: [2, 2], data: new Float32Array(3) } }),
    ).toThrow("writeSafetensors: tensor 'w' has shape [2, 2] but 3 elements")
  })
})
