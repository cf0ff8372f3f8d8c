import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { initialWeights } from '../bundle/initialWeights'
import { exportOnnx } from '../onnx/exportOnnx'
import { importOnnx } from '../onnx/import'
import { ONNX } from '../onnx/proto'
import { findTemplate } from '../templates'
import { bitPositions, cutLength, describeOutcome, flipBits, HUGE_DIMS, probe } from './fuzzing'

// importOnnx on damaged files: a real PyTorch export and a Triad export, cut, bit-flipped and
// given impossible dimensions. Each case must end in a one-line Error within a second.

const fixture = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '../onnx/import/fixtures', name)))
const pytorchCnn = fixture('cnn-opset17.onnx')
const cnnDoc = findTemplate('cnn-mnist')!.create()
const triadCnn = exportOnnx(cnnDoc, initialWeights(cnnDoc, 0))

const BASES = { 'PyTorch cnn-opset17.onnx': pytorchCnn, 'Triad cnn-mnist': triadCnn }

async function expectClean(bytes: Uint8Array, mustFail: boolean, what: string) {
  const p = await probe(() => importOnnx(bytes))
  const problems = describeOutcome(p, [Error])
  if (mustFail && !('error' in p)) problems.push('was accepted')
  expect(problems, what).toEqual([])
}

describe('importOnnx on damaged files', () => {
  for (const [name, base] of Object.entries(BASES)) {
    it(`fails cleanly on truncations of the ${name} export`, async () => {
      await fc.assert(
        fc.asyncProperty(cutLength(base), async (n) => expectClean(base.slice(0, n), false, `cut at ${n}`)),
        { numRuns: 60, seed: 5 },
      )
    })

    it(`fails cleanly or imports on bit flips of the ${name} export`, async () => {
      await fc.assert(
        fc.asyncProperty(bitPositions(base), async (bits) =>
          expectClean(flipBits(base, bits), false, `bits ${bits.join(',')}`),
        ),
        { numRuns: 80, seed: 5 },
      )
    })
  }

  it('refuses an initializer or a graph input with an impossible dimension', async () => {
    const model = ONNX.ModelProto.decode(pytorchCnn)
    const initializers = model.graph!.initializer!.length
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...HUGE_DIMS),
        async (onInput, which, axis, dim) => {
          const m = ONNX.ModelProto.decode(pytorchCnn)
          if (onInput) {
            const dims = m.graph!.input![0]!.type!.tensorType!.shape!.dim!
            dims[axis % dims.length] = { dimValue: dim }
          } else {
            const t = m.graph!.initializer![which % initializers]!
            const dims = t.dims!
            if (dims.length === 0) dims.push(dim)
            else dims[axis % dims.length] = dim
          }
          const bytes = ONNX.ModelProto.encode(m).finish()
          await expectClean(
            bytes,
            true,
            `${onInput ? 'input' : `initializer ${which % initializers}`} dim ${dim}`,
          )
        },
      ),
      { numRuns: 60, seed: 5 },
    )
  })

  // Cases the fuzzer once found: a damaged name was echoed raw (a newline and protobuf bytes in
  // the message), and a damaged attribute gave the shape [N, 8, 4, NaN].
  it('names a damaged node without echoing raw bytes (bits 8745 and 0 of cnn-opset17.onnx)', async () => {
    await expectClean(flipBits(pytorchCnn, [8745, 0]), true, 'bits 8745,0')
  })

  it('refuses a damaged attribute before computing a NaN shape (bits 42015, 7449, 6350)', async () => {
    await expectClean(flipBits(pytorchCnn, [42015, 7449, 6350]), true, 'bits 42015,7449,6350')
  })
})
