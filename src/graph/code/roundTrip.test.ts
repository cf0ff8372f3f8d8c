import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { documentSchema, type ModelDocument } from '../document/schema'
import { TEMPLATES } from '../templates'
import { arbitraryDocument } from './arbitraryDocument'
import { emitCode } from './emitCode'
import { mergeTracedDocument } from './mergeTrace'
import { traceCode } from './traceCode'

/** emit -> trace -> merge, failing with the code and the errors when the trace fails. */
function roundTrip(doc: ModelDocument) {
  const emitted = emitCode(doc)
  const traced = traceCode(emitted.code)
  if (!traced.ok) throw new Error(`${JSON.stringify(traced.errors)}\n${emitted.code}`)
  return { emitted, traced, merged: mergeTracedDocument(doc, traced.doc) }
}

describe('the code round trip', () => {
  it('gives back any valid document, positions and order included, with the emitted code', () => {
    fc.assert(
      fc.property(arbitraryDocument(), (doc) => {
        expect(documentSchema.safeParse(doc).success).toBe(true)
        const { emitted, merged } = roundTrip(doc)
        expect(merged).toEqual({ ...doc, code: emitted.code })
      }),
      { numRuns: 300 },
    )
  }, 30_000)

  it('traces emitted code back to the same text and the same node lines', () => {
    fc.assert(
      fc.property(arbitraryDocument(), (doc) => {
        const { emitted, traced } = roundTrip(doc)
        expect(emitCode(traced.doc).code).toBe(emitted.code)
        expect(traced.nodeLines).toEqual(emitted.nodeLines)
      }),
      { numRuns: 100 },
    )
  }, 30_000)

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('gives back the %s template', (_id, template) => {
    const doc = template.create()
    const { emitted, merged } = roundTrip(doc)
    expect(merged).toEqual({ ...doc, code: emitted.code })
  })
})
