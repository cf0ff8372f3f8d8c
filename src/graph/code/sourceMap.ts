/**
 * Just enough of source map v3 to map a position in sucrase's output back to the TypeScript
 * the user wrote. Sucrase keeps lines; only columns move (type annotations are removed), and
 * its map has one segment per token, so a position maps through the segment it falls in.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]))

/** A 1-based line and a 0-based column (acorn's convention). */
export interface SourcePosition {
  line: number
  column: number
}

/** Per generated line (0-based), the segments `[generatedColumn, sourceLine, sourceColumn]`. */
export type DecodedMap = [number, number, number][][]

function decodeVlq(segment: string): number[] {
  const values: number[] = []
  let value = 0
  let shift = 0
  for (const c of segment) {
    const digit = DIGIT.get(c)
    if (digit === undefined) break
    value += (digit & 31) << shift
    if (digit & 32) {
      shift += 5
      continue
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1)
    value = 0
    shift = 0
  }
  return values
}

/** Decodes a map's `mappings` string (one source file, as sucrase writes). */
export function decodeMappings(mappings: string): DecodedMap {
  const lines: DecodedMap = []
  let sourceLine = 0
  let sourceColumn = 0
  for (const text of mappings.split(';')) {
    const line: [number, number, number][] = []
    let column = 0
    for (const seg of text.split(',')) {
      if (seg === '') continue
      const v = decodeVlq(seg)
      column += v[0] ?? 0
      if (v.length >= 4) {
        sourceLine += v[2] ?? 0
        sourceColumn += v[3] ?? 0
        line.push([column, sourceLine, sourceColumn])
      }
    }
    lines.push(line)
  }
  return lines
}

/** The original position of a generated one; an unmapped position maps to itself. */
export function originalPosition(map: DecodedMap, pos: SourcePosition): SourcePosition {
  const segments = map[pos.line - 1]
  if (!segments || segments.length === 0) return pos
  let best: [number, number, number] | undefined
  for (const seg of segments) {
    if (seg[0] > pos.column) break
    best = seg
  }
  if (!best) return { line: (segments[0]?.[1] ?? pos.line - 1) + 1, column: 0 }
  return { line: best[1] + 1, column: best[2] + (pos.column - best[0]) }
}
