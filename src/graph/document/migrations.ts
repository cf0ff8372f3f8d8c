import { edgeId, SCHEMA_VERSION } from './schema'

/**
 * Document migrations, kept beside the schema: `MIGRATIONS[n]` turns a version-`n` document into
 * a version-`n + 1` one. They run on raw JSON before zod sees it, so each one only needs to know
 * the format it upgrades from. Adding a schema version = bumping `SCHEMA_VERSION` and adding one
 * entry here (with a test that an old document still loads).
 */

/** A JSON object as read from a file. */
export type RawDocument = Record<string, unknown>

/** One upgrade step. Must not mutate its argument. */
export type Migration = (doc: RawDocument) => RawDocument

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * v0 -> v1. Version 0 is the pre-release format: no `schemaVersion`, `outputs`, `blocks` and
 * `metadata` could be missing, and edges carried no `id`. Missing lists become empty, and every
 * edge gets its canonical id.
 */
const v0ToV1: Migration = (doc) => {
  const edges = Array.isArray(doc.edges)
    ? doc.edges.map((e: unknown) => {
        if (!isObject(e) || 'id' in e) return e
        const { source, sourcePort, target, targetPort } = e
        if ([source, sourcePort, target, targetPort].every((v) => typeof v === 'string'))
          return {
            id: edgeId({
              source: source as string,
              sourcePort: sourcePort as string,
              target: target as string,
              targetPort: targetPort as string,
            }),
            ...e,
          }
        return e
      })
    : doc.edges
  return {
    ...doc,
    schemaVersion: 1,
    edges,
    outputs: doc.outputs ?? [],
    blocks: doc.blocks ?? [],
    metadata: doc.metadata ?? {},
  }
}

/** The migration table, keyed by the version each entry upgrades from. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = { 0: v0ToV1 }

/**
 * Brings a raw document up to `SCHEMA_VERSION`. A document without `schemaVersion` is version 0.
 * Returns an error (not an exception) for a version this build cannot read.
 */
export function migrateDocument(raw: unknown): { ok: true; doc: unknown } | { ok: false; error: string } {
  if (!isObject(raw)) return { ok: true, doc: raw }
  const version = raw.schemaVersion ?? 0
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    return { ok: false, error: `schemaVersion: expected a whole number, got ${JSON.stringify(version)}` }
  if (version > SCHEMA_VERSION)
    return {
      ok: false,
      error: `schemaVersion: this document is version ${version}, made by a newer Triad; this one reads up to version ${SCHEMA_VERSION}`,
    }
  let doc: RawDocument = raw
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v]
    if (!step) return { ok: false, error: `schemaVersion: no migration from version ${v}` }
    doc = step(doc)
  }
  return { ok: true, doc }
}
