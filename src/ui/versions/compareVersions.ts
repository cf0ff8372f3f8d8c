import type { GraphNode, ModelDocument } from '../../graph/document/schema'
import type { VersionSetup } from './versionModel'

/** One hyperparameter that differs between two versions (values as readable text). */
export interface SetupDifference {
  readonly field: string
  readonly left: string
  readonly right: string
}

/** A node whose type or params changed between two versions, with what changed. */
export interface ChangedNode {
  readonly id: string
  readonly changes: readonly string[]
}

/** The graph diff of two documents, by node id (blocks' inner graphs by `block/id`). */
export interface GraphDiff {
  readonly added: readonly string[]
  readonly removed: readonly string[]
  readonly changed: readonly ChangedNode[]
  /** Edges (`a.out -> b.x`) only in the right document, and only in the left one. */
  readonly addedEdges: readonly string[]
  readonly removedEdges: readonly string[]
}

const text = (v: unknown): string => (v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v))

/** Flattens a setup to dotted fields (`optimizer.lr`), the rows a hyperparameter diff shows. */
function setupFields(setup: VersionSetup): Map<string, unknown> {
  const fields = new Map<string, unknown>()
  const walk = (prefix: string, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v)
    } else if (value !== undefined) fields.set(prefix, value)
  }
  walk('', setup.training ?? {})
  fields.set('run.steps', setup.steps)
  fields.set('run.epochs', setup.epochs)
  if (setup.backend) fields.set('run.backend', setup.backend)
  return fields
}

/**
 * The hyperparameters that differ between two versions: the training setup's fields (loss,
 * optimizer and its lr, batch size, ...) and the run's steps, epochs and backend.
 * @example setupDiff(a, b) // [{ field: 'optimizer.lr', left: '0.01', right: '0.003' }]
 */
export function setupDiff(left: VersionSetup, right: VersionSetup): SetupDifference[] {
  const l = setupFields(left)
  const r = setupFields(right)
  const names = [...new Set([...l.keys(), ...r.keys()])].sort()
  return names
    .filter((f) => JSON.stringify(l.get(f)) !== JSON.stringify(r.get(f)))
    .map((field) => ({ field, left: text(l.get(field)), right: text(r.get(field)) }))
}

function nodesOf(doc: ModelDocument): Map<string, GraphNode> {
  const nodes = new Map<string, GraphNode>(doc.nodes.map((n) => [n.id, n]))
  for (const b of doc.blocks) for (const n of b.nodes) nodes.set(`${b.name}/${n.id}`, n)
  return nodes
}

function edgesOf(doc: ModelDocument): Set<string> {
  const edge = (prefix: string, e: ModelDocument['edges'][number]) =>
    `${prefix}${e.source}.${e.sourcePort} -> ${prefix}${e.target}.${e.targetPort}`
  return new Set([
    ...doc.edges.map((e) => edge('', e)),
    ...doc.blocks.flatMap((b) => b.edges.map((e) => edge(`${b.name}/`, e))),
  ])
}

function nodeChanges(a: GraphNode, b: GraphNode): string[] {
  if (a.type !== b.type) return [`type ${a.type} → ${b.type}`]
  const keys = [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort()
  return keys
    .filter((k) => JSON.stringify(a.params[k]) !== JSON.stringify(b.params[k]))
    .map((k) => `${k} ${text(a.params[k])} → ${text(b.params[k])}`)
}

/**
 * What changed in the graph from `left` to `right`: nodes added, removed, and changed (type or
 * params; positions are layout, not model, and are ignored), and edges added or removed.
 */
export function graphDiff(left: ModelDocument, right: ModelDocument): GraphDiff {
  const l = nodesOf(left)
  const r = nodesOf(right)
  const changed: ChangedNode[] = []
  for (const [id, node] of l) {
    const other = r.get(id)
    if (!other) continue
    const changes = nodeChanges(node, other)
    if (changes.length > 0) changed.push({ id, changes })
  }
  const le = edgesOf(left)
  const re = edgesOf(right)
  return {
    added: [...r.keys()].filter((id) => !l.has(id)),
    removed: [...l.keys()].filter((id) => !r.has(id)),
    changed,
    addedEdges: [...re].filter((e) => !le.has(e)),
    removedEdges: [...le].filter((e) => !re.has(e)),
  }
}

/** Whether a graph diff found nothing. */
export function isEmptyDiff(d: GraphDiff): boolean {
  return (
    d.added.length + d.removed.length + d.changed.length + d.addedEdges.length + d.removedEdges.length === 0
  )
}
