import { describe, expect, it } from 'vitest'
import { MIGRATIONS, migrateDocument } from './migrations'
import { SCHEMA_VERSION } from './schema'

describe('migrateDocument', () => {
  it('has a migration from every older version up to the current one', () => {
    for (let v = 0; v < SCHEMA_VERSION; v++) expect(MIGRATIONS[v]).toBeTypeOf('function')
  })

  it('upgrades a version-0 document: lists filled in, edges given canonical ids', () => {
    const old = {
      name: 'old',
      nodes: [],
      edges: [{ source: 'a', sourcePort: 'out', target: 'b', targetPort: 'x' }],
    }
    expect(migrateDocument(old)).toEqual({
      ok: true,
      doc: {
        schemaVersion: 1,
        name: 'old',
        nodes: [],
        edges: [{ id: 'a:out->b:x', source: 'a', sourcePort: 'out', target: 'b', targetPort: 'x' }],
        outputs: [],
        blocks: [],
        metadata: {},
      },
    })
    expect(old.edges[0]).not.toHaveProperty('id')
  })

  it('leaves a current document as it is', () => {
    const doc = { schemaVersion: SCHEMA_VERSION, name: 'x' }
    expect(migrateDocument(doc)).toEqual({ ok: true, doc })
  })

  it('refuses a malformed version', () => {
    expect(migrateDocument({ schemaVersion: 'one' })).toEqual({
      ok: false,
      error: 'schemaVersion: expected a whole number, got "one"',
    })
  })
})
