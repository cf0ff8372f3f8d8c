import { DataError, located } from './dataError'
import {
  elementCount,
  type HostArray,
  type HostDType,
  ITEM_SIZE,
  littleEndianBytes,
  typedFromLittleEndian,
} from './hostArray'

/**
 * safetensors (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of
 * JSON (`{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__":
 * {"k": "v"}}`, padded with spaces to a multiple of 8), then the tensors' bytes, little-endian,
 * C order, with offsets relative to the end of the header. Reading validates the file the way
 * the reference implementation does (header size bound, offsets tiling the buffer exactly, sizes
 * matching shape x dtype), so a truncated or corrupted file fails with one clear line before any
 * tensor is allocated.
 */

/** The safetensors dtypes Triad reads and writes. */
export type SafetensorsDType = 'F32' | 'F64' | 'I32' | 'I64' | 'U8'

/** A parsed file: tensors in file order, and the free-form string metadata. */
export interface SafetensorsFile {
  readonly tensors: Map<string, HostArray>
  readonly metadata: Readonly<Record<string, string>>
}

/** The reference implementation's bound on the header (100 MB): a larger one is a corrupt file. */
export const MAX_HEADER_SIZE = 100_000_000

/** Element sizes of every dtype of the format, so a file is validated whole before dtypes are refused. */
const DTYPE_SIZE: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  F8_E8M0: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  C64: 8,
  F64: 8,
  I64: 8,
  U64: 8,
}

const FROM_FILE: Readonly<Record<SafetensorsDType, HostDType>> = {
  F32: 'float32',
  F64: 'float64',
  I32: 'int32',
  I64: 'int64',
  U8: 'uint8',
}

const TO_FILE: Readonly<Record<HostDType, SafetensorsDType>> = {
  float32: 'F32',
  float64: 'F64',
  int32: 'I32',
  int64: 'I64',
  uint8: 'U8',
}

/** Position in the reference's `Dtype` enum (increasing alignment): the writer sorts by it, descending. */
const DTYPE_RANK: Readonly<Record<SafetensorsDType, number>> = { U8: 1, I32: 9, F32: 11, F64: 12, I64: 13 }

interface Entry {
  readonly name: string
  /** `name` as messages show it. */
  readonly label: string
  readonly dtype: string
  readonly shape: number[]
  readonly begin: number
  readonly end: number
}

/**
 * Parses a safetensors file. Fails with a one-line `DataError` naming the file (and the tensor)
 * on: a file too short, a header length beyond 100 MB or beyond the file, a header that is not
 * UTF-8 JSON, a malformed entry, offsets that overlap, leave a hole or run past the data, a size
 * that disagrees with shape x dtype, or a dtype other than F32, F64, I32, I64, U8.
 */
export function readSafetensors(bytes: Uint8Array, fileName = 'model.safetensors'): SafetensorsFile {
  const fail = (message: string) => new DataError(located(fileName, message))
  if (bytes.length < 8) throw fail(`too short for a safetensors file (${bytes.length} bytes)`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const low = view.getUint32(0, true)
  const high = view.getUint32(4, true)
  if (high !== 0 || low > MAX_HEADER_SIZE)
    throw fail(
      `header length ${high * 2 ** 32 + low} is over the ${MAX_HEADER_SIZE}-byte limit (corrupt file?)`,
    )
  const headerLength = low
  if (8 + headerLength > bytes.length)
    throw fail(
      `truncated: the header claims ${headerLength} bytes, the file has ${bytes.length - 8} after the length`,
    )
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength))
  } catch {
    throw fail('the header is not valid UTF-8 (corrupt file?)')
  }
  if (!text.startsWith('{')) throw fail("the header does not start with '{' (not a safetensors file?)")
  let header: unknown
  try {
    header = JSON.parse(text)
  } catch {
    // JSON.parse's own message quotes the damaged bytes raw: report where, never what
    const index = jsonSyntaxErrorAt(text)
    const at = index === undefined ? undefined : 8 + new TextEncoder().encode(text.slice(0, index)).length
    throw fail(
      `the header is not valid JSON${at === undefined ? '' : ` (at byte ${at} of the file)`}: the file is corrupt or not a safetensors file`,
    )
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw fail('the header is not a JSON object')

  const metadata: Record<string, string> = {}
  const entries: Entry[] = []
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw fail('__metadata__ must map strings to strings')
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string') throw fail(`__metadata__['${printable(k)}'] is not a string`)
        metadata[k] = v
      }
      continue
    }
    entries.push(parseEntry(name, value, fail))
  }

  // The offsets must tile the data section exactly: sorted by begin, each tensor starts where the
  // previous one ended, and the last one ends at the end of the file.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end)
  const dataLength = bytes.length - 8 - headerLength
  let at = 0
  for (const e of entries) {
    if (e.begin !== at)
      throw fail(
        e.begin < at
          ? `tensor '${e.label}' overlaps the previous tensor (data_offsets [${e.begin}, ${e.end}])`
          : `tensor '${e.label}' leaves a gap of ${e.begin - at} bytes before it (data_offsets [${e.begin}, ${e.end}])`,
      )
    if (e.end > dataLength)
      throw fail(`truncated: tensor '${e.label}' ends at byte ${e.end} of the data, which has ${dataLength}`)
    const size = DTYPE_SIZE[e.dtype]
    if (size === undefined) throw fail(`tensor '${e.label}' has unknown dtype '${printable(e.dtype)}'`)
    const count = elementCount(e.shape)
    if (count < 0 || count * size !== e.end - e.begin)
      throw fail(
        `tensor '${e.label}': shape [${e.shape.join(', ')}] of ${e.dtype} needs ${count * size} bytes, data_offsets give ${e.end - e.begin}`,
      )
    at = e.end
  }
  if (at !== dataLength)
    throw fail(
      `the tensors cover ${at} bytes of data but the file has ${dataLength} (corrupt or truncated file?)`,
    )

  const tensors = new Map<string, HostArray>()
  const start = 8 + headerLength
  for (const e of entries) {
    const dtype = FROM_FILE[e.dtype as SafetensorsDType]
    if (!dtype)
      throw fail(`tensor '${e.label}': dtype '${e.dtype}' is not supported (use F32, F64, I32, I64 or U8)`)
    const data = typedFromLittleEndian(dtype, bytes, start + e.begin, e.end - e.begin)
    tensors.set(e.name, { dtype, shape: e.shape, data } as HostArray)
  }
  return { tensors, metadata }
}

/** The most characters of a name from the file that a message shows. */
const MAX_NAME_TEXT = 64

/**
 * A name from the file as a one-line message may show it: control characters escaped (`\n`,
 * `\u0010`), cut after 64 characters. JSON escapes let a header name hold any character.
 */
function printable(name: string): string {
  const cut =
    name.length > MAX_NAME_TEXT ? `${name.slice(0, MAX_NAME_TEXT)}… (${name.length} characters)` : name
  let out = ''
  for (const c of cut) {
    const code = c.charCodeAt(0)
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029
    out += !control ? c : c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${code.toString(16).padStart(4, '0')}`
  }
  return out
}

/**
 * The index in `text` of its first JSON syntax error (`text.length` when it ends too early), or
 * undefined when it is valid JSON. JSON.parse's messages differ between engines and not all give
 * a position, so the reader finds it itself.
 */
export function jsonSyntaxErrorAt(text: string): number | undefined {
  /** Thrown at the first character that cannot continue the JSON text. */
  class Stop {
    constructor(readonly at: number | undefined) {}
  }
  let i = 0
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const expect = (word: string) => {
    if (!text.startsWith(word, i)) throw new Stop(i)
    i += word.length
  }
  const string = () => {
    expect('"')
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        i++
        return
      }
      if (c < 0x20) throw new Stop(i)
      if (c === 0x5c) {
        const e = text[++i]
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 4
        else if (e === undefined || !'"\\/bfnrt'.includes(e)) throw new Stop(i)
      }
    }
    throw new Stop(i)
  }
  const value = (depth: number) => {
    // past this depth the position is not worth a deep recursion: report none
    if (depth > 512) throw new Stop(undefined)
    space()
    const c = text[i]
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']'
      i++
      space()
      if (text[i] === close) i++
      else
        for (;;) {
          if (c === '{') {
            space()
            string()
            space()
            expect(':')
          }
          value(depth + 1)
          space()
          if (text[i] === close) {
            i++
            break
          }
          expect(',')
        }
    } else if (c === '"') string()
    else if (c === 't') expect('true')
    else if (c === 'f') expect('false')
    else if (c === 'n') expect('null')
    else {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 512))
      if (!m) throw new Stop(i)
      i += m[0].length
    }
  }
  try {
    value(0)
    space()
    return i < text.length ? i : undefined
  } catch (e) {
    if (e instanceof Stop) return e.at
    throw e
  }
}

function parseEntry(rawName: string, value: unknown, fail: (message: string) => DataError): Entry {
  const name = printable(rawName)
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fail(`tensor '${name}': its header entry is not an object`)
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>
  if (typeof dtype !== 'string') throw fail(`tensor '${name}': missing dtype`)
  const isIndex = (d: unknown): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0
  if (!Array.isArray(shape) || !shape.every(isIndex))
    throw fail(`tensor '${name}': shape must be a list of non-negative integers`)
  const [begin, end] = Array.isArray(offsets) && offsets.length === 2 ? offsets : []
  if (!isIndex(begin) || !isIndex(end) || end < begin)
    throw fail(`tensor '${name}': data_offsets must be [begin, end] with 0 <= begin <= end`)
  return { name: rawName, label: name, dtype, shape: shape as number[], begin, end }
}

/** Orders names by Unicode code point (Rust's byte-wise `str` order), not UTF-16 code units. */
function compareNames(a: string, b: string): number {
  const ca = Array.from(a, (c) => c.codePointAt(0)!)
  const cb = Array.from(b, (c) => c.codePointAt(0)!)
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i]! - cb[i]!
  return ca.length - cb.length
}

/**
 * Writes tensors (and optional string metadata) as a safetensors file, byte for byte as the
 * reference implementation does: tensors ordered by descending dtype alignment, then name;
 * compact JSON with `__metadata__` first (its keys sorted); the header padded with spaces to a
 * multiple of 8 so that every tensor's data is aligned.
 *
 * @example
 * const bytes = writeSafetensors({ 'fc.weight': { dtype: 'float32', shape: [2, 3], data } }, { format: 'pt' })
 */
export function writeSafetensors(
  tensors: Readonly<Record<string, HostArray>> | ReadonlyMap<string, HostArray>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const named: [string, HostArray][] =
    tensors instanceof Map
      ? [...(tensors as ReadonlyMap<string, HostArray>).entries()]
      : Object.entries(tensors)
  for (const [name, t] of named) {
    if (name === '__metadata__') throw new DataError("writeSafetensors: '__metadata__' is not a tensor name")
    if (elementCount(t.shape) !== t.data.length)
      throw new DataError(
        `writeSafetensors: tensor '${name}' has shape [${t.shape.join(', ')}] but ${t.data.length} elements`,
      )
  }
  named.sort(
    ([an, at], [bn, bt]) =>
      DTYPE_RANK[TO_FILE[bt.dtype]] - DTYPE_RANK[TO_FILE[at.dtype]] || compareNames(an, bn),
  )
  const parts: string[] = []
  if (metadata) {
    const keys = Object.keys(metadata).sort(compareNames)
    for (const k of keys)
      if (typeof metadata[k] !== 'string')
        throw new DataError(`writeSafetensors: metadata '${k}' is not a string`)
    parts.push(
      `"__metadata__":{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(',')}}`,
    )
  }
  let offset = 0
  for (const [name, t] of named) {
    const end = offset + t.data.length * ITEM_SIZE[t.dtype]
    parts.push(
      `${JSON.stringify(name)}:{"dtype":"${TO_FILE[t.dtype]}","shape":[${t.shape.join(',')}],"data_offsets":[${offset},${end}]}`,
    )
    offset = end
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`)
  const padded = json.length + ((8 - (json.length % 8)) % 8)
  const out = new Uint8Array(8 + padded + offset)
  new DataView(out.buffer).setUint32(0, padded, true)
  out.set(json, 8)
  out.fill(0x20, 8 + json.length, 8 + padded)
  let at = 8 + padded
  for (const [, t] of named) {
    const raw = littleEndianBytes(t.data)
    out.set(raw, at)
    at += raw.length
  }
  return out
}
