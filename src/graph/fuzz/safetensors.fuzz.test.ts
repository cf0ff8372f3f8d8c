import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DataError } from '../../engine/io/dataError'
import { readSafetensors, writeSafetensors } from '../../engine/io/safetensors'
import { bitPositions, cutLength, describeOutcome, flipBits, HUGE_DIMS, probe } from './fuzzing'

// readSafetensors on damaged files: cut, bit-flipped, with impossible shapes, offsets and header
// lengths. Each case must end in a one-line DataError within a second, allocating nothing big.

const tiny = new Uint8Array(
  readFileSync(join(import.meta.dirname, '../../engine/io/fixtures/tiny.safetensors')),
)
const written = writeSafetensors(
  {
    'fc.weight': {
      dtype: 'float32',
      shape: [3, 4],
      data: Float32Array.from({ length: 12 }, (_, i) => i / 7),
    },
    'fc.bias': { dtype: 'float32', shape: [3], data: Float32Array.from([1, 2, 3]) },
    steps: { dtype: 'int64', shape: [1], data: BigInt64Array.from([5n]) },
    mask: { dtype: 'uint8', shape: [2, 2], data: Uint8Array.from([1, 0, 0, 1]) },
  },
  { format: 'pt' },
)
const BASES = { 'tiny.safetensors (from the Python reference)': tiny, 'a Triad-written file': written }

async function expectClean(bytes: Uint8Array, mustFail: boolean, what: string) {
  const p = await probe(() => readSafetensors(bytes, 'w.safetensors'))
  const problems = describeOutcome(p, [DataError])
  if (mustFail && !('error' in p)) problems.push('was accepted')
  if ('error' in p && !(p.error as Error).message.startsWith('w.safetensors: '))
    problems.push(`does not name the file: ${(p.error as Error).message}`)
  expect(problems, what).toEqual([])
}

/** A file whose header is `header` (JSON) followed by `data` bytes. */
function fileOf(header: unknown, dataBytes: number, declaredLength?: bigint): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header))
  const out = new Uint8Array(8 + json.length + dataBytes)
  new DataView(out.buffer).setBigUint64(0, declaredLength ?? BigInt(json.length), true)
  out.set(json, 8)
  return out
}

const dim = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom(...HUGE_DIMS), fc.double())

describe('readSafetensors on damaged files', () => {
  for (const [name, base] of Object.entries(BASES)) {
    it(`refuses every truncation of ${name}`, async () => {
      await fc.assert(
        fc.asyncProperty(cutLength(base), async (n) => expectClean(base.slice(0, n), true, `cut at ${n}`)),
        { numRuns: 100, seed: 5 },
      )
    })

    it(`fails cleanly or reads on bit flips of ${name}`, async () => {
      await fc.assert(
        fc.asyncProperty(bitPositions(base), async (bits) =>
          expectClean(flipBits(base, bits), false, `bits ${bits.join(',')}`),
        ),
        { numRuns: 150, seed: 5 },
      )
    })
  }

  it('refuses shapes and offsets that promise more than the file holds, before allocating', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(dim, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('F32', 'F64', 'I64', 'U8', 'BF16'),
        fc.constantFrom(0, 2 ** 31, 2 ** 40, 2 ** 53 - 1),
        fc.integer({ min: 0, max: 64 }),
        async (shape, dtype, end, dataBytes) => {
          const header = { w: { dtype, shape, data_offsets: [0, end || dataBytes] } }
          const huge = shape.some((d) => !Number.isInteger(d) || Math.abs(d) > 8) || end > 0
          await expectClean(fileOf(header, dataBytes), huge, JSON.stringify(header))
        },
      ),
      { numRuns: 150, seed: 5 },
    )
  })

  it('refuses header lengths past the file or past 100 MB', async () => {
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: 100n, max: 2n ** 64n - 1n }), async (length) =>
        expectClean(fileOf({}, 0, length), true, `header length ${length}`),
      ),
      { numRuns: 100, seed: 5 },
    )
  })

  // A case the fuzzer once found: a header that is not JSON was reported with JSON.parse's
  // message, which echoed the damaged bytes raw.
  it('reports a damaged header in one clean line (bits 381 and 0 of tiny.safetensors)', async () => {
    await expectClean(flipBits(tiny, [381, 0]), true, 'bits 381,0')
  })
})
