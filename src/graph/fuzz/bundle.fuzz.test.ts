import fc from 'fast-check'
import { zipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import { BundleError } from '../bundle/errors'
import { initialWeights } from '../bundle/initialWeights'
import { readBundle } from '../bundle/readBundle'
import { writeBundle } from '../bundle/writeBundle'
import { findTemplate } from '../templates'
import { bitPositions, cutLength, describeOutcome, flipBits, probe } from './fuzzing'

// readBundle on damaged zips: cut, bit-flipped, with lying entry sizes and counts, and zip bombs.
// Each case must end in a one-line BundleError within a second, allocating nothing big; a case
// that reads must give back exactly the bundle that was written.

let base: Uint8Array
let original: Map<string, Uint8Array>
beforeAll(async () => {
  const doc = findTemplate('mlp-spirals')!.create()
  base = await writeBundle({
    doc,
    weights: initialWeights(doc, 0),
    createdAt: new Date('2026-01-01T00:00:00Z'),
  })
  original = new Map((await readBundle(base)).files)
})

async function expectClean(
  bytes: Uint8Array,
  mustFail: boolean,
  what: string,
  limits?: Parameters<typeof readBundle>[1],
) {
  const p = await probe(() => readBundle(bytes, { label: 'b.zip', ...limits }))
  const problems = describeOutcome(p, [BundleError])
  if ('error' in p) {
    if (!(p.error as Error).message.match(/^[\w./-]+: /))
      problems.push(`names no file: ${(p.error as Error).message}`)
  } else if (mustFail) problems.push('was accepted')
  else {
    // bits the reader ignores (timestamps, attributes, CRCs) may change; the content may not
    const files = p.value!.files
    if (files.size !== original.size) problems.push(`read ${files.size} files, wrote ${original.size}`)
    for (const [name, data] of original)
      if (files.get(name)?.join() !== data.join()) problems.push(`read back a different ${name}`)
  }
  expect(problems, what).toEqual([])
}

/** Offsets of the central directory's entries (after the EOCD record's pointer). */
function centralEntries(zip: Uint8Array): number[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  let eocd = zip.length - 22
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--
  const count = view.getUint16(eocd + 10, true)
  const out: number[] = []
  let at = view.getUint32(eocd + 16, true)
  for (let i = 0; i < count; i++) {
    out.push(at)
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
  }
  return out
}

/** A bomb's inflated size: small enough to build quickly, 8000 times its 1 KiB of deflate. */
const BOMB_BYTES = 8 * 2 ** 20

const U32 = fc.oneof(
  fc.constantFrom(0, 1, 0x7fffffff, 0xfffffffe, 0xffffffff),
  fc.integer({ min: 0, max: 0xffffffff }),
)

describe('readBundle on damaged zips', () => {
  it('refuses every truncation', async () => {
    await fc.assert(
      fc.asyncProperty(cutLength(base), async (n) => expectClean(base.slice(0, n), true, `cut at ${n}`)),
      { numRuns: 60, seed: 5 },
    )
  })

  it('refuses bit flips, or reads back exactly what was written', async () => {
    await fc.assert(
      fc.asyncProperty(bitPositions(base, 4), async (bits) =>
        expectClean(flipBits(base, bits), false, `bits ${bits.join(',')}`),
      ),
      { numRuns: 150, seed: 5 },
    )
  })

  it('refuses lying entry sizes in the central directory before inflating', async () => {
    const entries = centralEntries(base)
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: entries.length - 1 }),
        fc.constantFrom(20, 24),
        U32,
        async (which, field, value) => {
          const bytes = base.slice()
          const view = new DataView(bytes.buffer)
          const at = entries[which]! + field
          const honest = view.getUint32(at, true) === value
          view.setUint32(at, value, true)
          await expectClean(
            bytes,
            !honest,
            `entry ${which} ${field === 20 ? 'compressed' : 'inflated'} size ${value}`,
          )
        },
      ),
      { numRuns: 120, seed: 5 },
    )
  })

  it('refuses an entry count past the limit without walking it', async () => {
    const bytes = base.slice()
    const view = new DataView(bytes.buffer)
    let eocd = bytes.length - 22
    while (view.getUint32(eocd, true) !== 0x06054b50) eocd--
    view.setUint16(eocd + 8, 0xffff, true)
    view.setUint16(eocd + 10, 0xffff, true)
    await expectClean(bytes, true, '65535 entries')
    await expect(readBundle(bytes, { label: 'b.zip' })).rejects.toThrow(
      /^b\.zip: declares 65535 entries, over the limit of 64$/,
    )
  })

  it('refuses a zip bomb by its declared size, before inflating it', async () => {
    const bomb = zipSync({ 'manifest.json': [new Uint8Array(BOMB_BYTES), { level: 9 }] })
    const limits = { maxZipBytes: 2 ** 20, maxEntries: 64, maxEntryBytes: 2 ** 20, maxTotalBytes: 2 ** 21 }
    await expectClean(bomb, true, '8 MiB of zeros, 1 MiB limit', { limits })
    await expect(readBundle(bomb, { limits })).rejects.toThrow(
      /^manifest\.json: declares 8\.0 MiB inflated, over the 1\.0 MiB limit/,
    )
  })

  it('refuses a zip bomb that lies about its size, inflating no more than it declared', async () => {
    const bomb = zipSync({ 'manifest.json': [new Uint8Array(BOMB_BYTES), { level: 9 }] })
    const view = new DataView(bomb.buffer)
    const [entry] = centralEntries(bomb)
    view.setUint32(entry! + 24, 1000, true)
    await expectClean(bomb, true, '8 MiB of zeros declared as 1000 bytes')
  })
})
