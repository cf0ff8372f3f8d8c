import type { BlockDef } from '../../graph/document/schema'
import type { LayerCategory, LayerDef } from '../../graph/layers/types'
import type { LayerKind } from '../actions/addLayer'

/** One palette entry: a catalogue layer or one of the document's blocks. */
export interface PaletteEntry {
  /** Stable key and test id suffix: the layer type, or `block.<name>`. */
  key: string
  kind: LayerKind
  label: string
  doc: string
  /** The PyTorch counterpart, shown as a hint. */
  torch?: string
}

export interface PaletteGroup {
  id: LayerCategory | 'blocks'
  title: string
  entries: PaletteEntry[]
}

/** Category titles, in palette order: data flows from inputs to losses. */
export const CATEGORY_TITLES: Readonly<Record<LayerCategory, string>> = {
  io: 'Input / output',
  core: 'Core',
  convolution: 'Convolution',
  pooling: 'Pooling',
  normalization: 'Normalization',
  activation: 'Activation',
  shape: 'Shape',
  merge: 'Merge',
  embedding: 'Embedding',
  recurrent: 'Recurrent',
  attention: 'Attention',
  loss: 'Loss',
}

function matches(entry: PaletteEntry, words: readonly string[]): boolean {
  const hay = `${entry.label} ${entry.key} ${entry.torch ?? ''} ${entry.doc}`.toLowerCase()
  return words.every((w) => hay.includes(w))
}

/** Ranks an entry for a query: a label or type starting with the query comes first. */
function rank(entry: PaletteEntry, query: string): number {
  const label = entry.label.toLowerCase()
  const key = entry.key.toLowerCase()
  if (key === query || label === query) return 0
  if (key.startsWith(query) || label.startsWith(query)) return 1
  return 2
}

/**
 * The palette's groups: the catalogue by category (in `CATEGORY_TITLES` order, then any other
 * category), the document's blocks last, filtered by a search query over label, type, PyTorch
 * name and doc (all words must match). Empty groups are left out.
 */
export function paletteGroups(
  layers: readonly LayerDef[],
  blocks: readonly BlockDef[],
  query: string,
): PaletteGroup[] {
  const q = query.trim().toLowerCase()
  const words = q.split(/\s+/).filter(Boolean)
  const byCategory = new Map<LayerCategory, PaletteEntry[]>()
  for (const layer of layers) {
    const entry: PaletteEntry = {
      key: layer.type,
      kind: { type: layer.type },
      label: layer.label,
      doc: layer.doc,
      torch: layer.torch,
    }
    if (!matches(entry, words)) continue
    const list = byCategory.get(layer.category) ?? []
    list.push(entry)
    byCategory.set(layer.category, list)
  }
  const order = Object.keys(CATEGORY_TITLES) as LayerCategory[]
  const categories = [...order, ...[...byCategory.keys()].filter((c) => !order.includes(c))]
  const groups: PaletteGroup[] = []
  for (const id of categories) {
    const entries = byCategory.get(id)
    if (entries?.length)
      groups.push({ id, title: CATEGORY_TITLES[id] ?? id, entries: q ? sortByRank(entries, q) : entries })
  }
  const blockEntries = blocks
    .map<PaletteEntry>((b) => ({
      key: `block.${b.name}`,
      kind: { block: b.name },
      label: b.name,
      doc: `Block: ${b.inputs.length} input${b.inputs.length === 1 ? '' : 's'}, ${b.nodes.length} nodes.`,
    }))
    .filter((e) => matches(e, words))
  if (blockEntries.length) groups.push({ id: 'blocks', title: 'Blocks', entries: blockEntries })
  return groups
}

function sortByRank(entries: PaletteEntry[], q: string): PaletteEntry[] {
  return entries
    .map((e, i) => ({ e, i, r: rank(e, q) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ e }) => e)
}
