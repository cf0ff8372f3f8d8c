import type { DecodedNode } from './decode'
import { nameText } from './names'

/**
 * Node attributes as the importer reads them, each checked where it is read: an int is an
 * integer, a list has the length the op's rank calls for, a stride is positive, a permutation
 * is one. A damaged file fails here with the node, the attribute and the bad value, instead of
 * computing a shape from NaN or a negative stride further on.
 */

/** Where an error happened: `Op node node-name`, with the file's names made printable. */
export const at = (node: DecodedNode) => `${nameText(node.op)} node ${nameText(node.name)}`

/** The most list entries an error message shows. */
const SHOWN_ENTRIES = 16

/** An attribute value as an error message shows it: finite numbers, a capped list. */
function shown(v: number | readonly number[]): string {
  const one = (x: number) => (Number.isFinite(x) ? String(x) : 'a non-finite number')
  if (typeof v === 'number') return one(v)
  const head = v.slice(0, SHOWN_ENTRIES).map(one).join(', ')
  return `[${head}${v.length > SHOWN_ENTRIES ? `, … (${v.length} entries)` : ''}]`
}

/** The error for an attribute whose value breaks `rule`. */
function badAttr(node: DecodedNode, name: string, v: number | readonly number[], rule: string): Error {
  return new Error(
    `${at(node)}: attribute ${name} is ${shown(v)}, but ${rule}: the file is damaged or was not exported by PyTorch.`,
  )
}

/** An int attribute, or `fallback`; a float or a non-integer in its place is refused. */
export function attrInt(node: DecodedNode, name: string, fallback: number): number {
  const v = node.attrs.get(name)
  if (v === undefined) return fallback
  if (typeof v !== 'number') throw new Error(`${at(node)}: attribute ${name} is not an int.`)
  if (!Number.isSafeInteger(v)) throw badAttr(node, name, v, 'it must be an integer')
  return v
}

/** An ints attribute, or `fallback`; every entry must be an integer. */
export function attrInts(node: DecodedNode, name: string, fallback?: number[]): number[] | undefined {
  const v = node.attrs.get(name)
  if (v === undefined) return fallback
  if (!Array.isArray(v)) throw new Error(`${at(node)}: attribute ${name} is not a list of ints.`)
  if (!v.every((x) => Number.isSafeInteger(x))) throw badAttr(node, name, v, 'its entries must be integers')
  return v
}

/** A float attribute, or `fallback`; NaN and infinities are refused. */
export function attrFloat(node: DecodedNode, name: string, fallback: number): number {
  const v = node.attrs.get(name)
  if (v === undefined) return fallback
  if (typeof v !== 'number') throw new Error(`${at(node)}: attribute ${name} is not a float.`)
  if (!Number.isFinite(v)) throw badAttr(node, name, v, 'it must be a finite number')
  return v
}

/** A string attribute, or `fallback`. */
export function attrString(node: DecodedNode, name: string, fallback: string): string {
  const v = node.attrs.get(name)
  return typeof v === 'string' ? v : fallback
}

/** A 0/1 attribute (`transB`, `ceil_mode`, `keepdims`) as a boolean. */
export function attrFlag(node: DecodedNode, name: string, fallback: boolean): boolean {
  const v = attrInt(node, name, fallback ? 1 : 0)
  if (v !== 0 && v !== 1) throw badAttr(node, name, v, 'it must be 0 or 1')
  return v === 1
}

/** An int attribute within [min, max], or `fallback`. */
export function attrIntIn(
  node: DecodedNode,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = attrInt(node, name, fallback)
  if (v < min || v > max) throw badAttr(node, name, v, `it must lie in [${min}, ${max}]`)
  return v
}

/** What an ints attribute must be: its length, and the range of every entry. */
export interface IntsRule {
  readonly length: number
  readonly min: number
  readonly max: number
}

/**
 * An ints attribute of exactly `rule.length` entries, each in [min, max], or `fallback`. The
 * length is the op's: a Conv over H, W takes two strides and four pads.
 */
export function attrIntsIn(
  node: DecodedNode,
  name: string,
  rule: IntsRule,
  fallback?: number[],
): number[] | undefined {
  const v = attrInts(node, name)
  if (v === undefined) return fallback
  if (v.length !== rule.length)
    throw badAttr(node, name, v, `the input's rank calls for ${rule.length} entries`)
  if (v.some((x) => x < rule.min || x > rule.max))
    throw badAttr(node, name, v, `every entry must lie in [${rule.min}, ${rule.max}]`)
  return v
}

/** Transpose's `perm` for a tensor of `rank`: a permutation of 0..rank-1 (default: reversed). */
export function attrPerm(node: DecodedNode, rank: number): number[] {
  const perm = attrInts(node, 'perm')
  if (perm === undefined) return Array.from({ length: rank }, (_, i) => rank - 1 - i)
  const seen = new Set(perm)
  if (perm.length !== rank || seen.size !== rank || perm.some((p) => p < 0 || p >= rank))
    throw badAttr(node, 'perm', perm, `it must order the axes 0..${rank - 1} of the input, each once`)
  return perm
}

/** An axis attribute in [-rank, rank), as a non-negative axis; `fallback` when absent. */
export function attrAxis(node: DecodedNode, name: string, fallback: number, rank: number): number {
  const v = attrInt(node, name, fallback)
  if (v < -rank || v >= rank) throw badAttr(node, name, v, `the input has rank ${rank}`)
  return v < 0 ? v + rank : v
}

/** An axes attribute, each in [-rank, rank) and none twice, as non-negative axes; undefined when absent. */
export function attrAxes(node: DecodedNode, name: string, rank: number): number[] | undefined {
  const v = attrInts(node, name)
  if (v === undefined) return undefined
  const axes = v.map((a) => (a < 0 ? a + rank : a))
  if (axes.some((a) => a < 0 || a >= rank) || new Set(axes).size !== axes.length)
    throw badAttr(node, name, v, `its entries must be distinct axes of an input of rank ${rank}`)
  return axes
}
