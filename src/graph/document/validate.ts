import { checkDocument } from './checks'
import { migrateDocument } from './migrations'
import { formatProblem, zodProblems } from './problems'
import { documentSchema, type ModelDocument } from './schema'

export { documentFileName, serializeDocument } from './serialize'

/** What loading a document gives: the document, or every problem found, each naming its JSON path. */
export type ParseResult = { ok: true; doc: ModelDocument } | { ok: false; errors: string[] }

/**
 * Loads a document from parsed JSON: runs the migrations up to `SCHEMA_VERSION`, checks the
 * structure with zod, then the semantics (layer types and params, ports, edges, outputs, blocks,
 * cycles). Every error names its JSON path, e.g.
 * `nodes[2].params.out_features: expected a number, got "ten"`.
 *
 * @example
 * const result = parseDocument(JSON.parse(text))
 * if (!result.ok) showErrors(result.errors)
 */
export function parseDocument(json: unknown): ParseResult {
  const migrated = migrateDocument(json)
  if (!migrated.ok) return { ok: false, errors: [migrated.error] }
  const parsed = documentSchema.safeParse(migrated.doc)
  if (!parsed.success)
    return { ok: false, errors: zodProblems(parsed.error.issues, migrated.doc).map(formatProblem) }
  const problems = checkDocument(parsed.data)
  if (problems.length > 0) return { ok: false, errors: problems.map(formatProblem) }
  return { ok: true, doc: parsed.data }
}

/** `parseDocument` on text: a JSON syntax error is reported like any other problem. */
export function parseDocumentText(text: string): ParseResult {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return { ok: false, errors: [`not valid JSON: ${e instanceof Error ? e.message : String(e)}`] }
  }
  return parseDocument(json)
}
