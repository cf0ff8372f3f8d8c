import { type Unzipped, unzipSync, type Zippable, zipSync } from 'fflate'
import { BundleError } from './errors'

/**
 * Zip reading with limits, on fflate. A zip is untrusted input: its central directory declares
 * each entry's sizes, and every declared size is checked against the limits before anything is
 * inflated, so a zip bomb or a corrupt size field fails in microseconds instead of allocating
 * gigabytes. Inflation writes into a buffer of the declared size and never grows it; an entry
 * that inflates to fewer bytes than declared is refused.
 */

/** Limits on what `unzipLimited` accepts. */
export interface ZipLimits {
  /** Largest zip file, in bytes. */
  readonly maxZipBytes: number
  /** Most entries in the central directory. */
  readonly maxEntries: number
  /** Largest single entry once inflated, in bytes. */
  readonly maxEntryBytes: number
  /** Largest sum of all entries once inflated, in bytes. */
  readonly maxTotalBytes: number
}

/** Default limits: room for models of a few hundred MB, far from what a bomb would ask for. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxZipBytes: 1 << 30,
  maxEntries: 64,
  maxEntryBytes: 1 << 30,
  maxTotalBytes: 1.5 * 2 ** 30,
}

/** Deflate cannot compress better than about 1032:1; a larger declared ratio is a lie or a bomb. */
const MAX_DEFLATE_RATIO = 1100

/** What a bundle entry may be called: plain relative paths, no control bytes, no `..`. */
const ENTRY_NAME = /^(?!.*\.\.)[\w][\w ./-]{0,199}$/

/**
 * The entry count the end-of-central-directory record declares (undefined for a zip64 archive,
 * whose count lives elsewhere and is bounded while entries are walked), or null without a record.
 */
function declaredEntryCount(bytes: Uint8Array): number | undefined | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // the record is 22 bytes plus a comment of at most 65535 bytes, at the very end
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--)
    if (view.getUint32(at, true) === 0x06054b50) {
      const zip64 = at >= 20 && view.getUint32(at - 20, true) === 0x07064b50
      return zip64 ? undefined : view.getUint16(at + 10, true)
    }
  return null
}

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`

/**
 * The entries of a zip, by path, inflated under `limits`. Throws a `BundleError` naming the
 * entry for a damaged, oversized or bomb-like entry, or naming the zip (`label`) when the archive
 * itself is damaged.
 */
export function unzipLimited(
  bytes: Uint8Array,
  label: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Record<string, Uint8Array> {
  if (bytes.length > limits.maxZipBytes)
    throw new BundleError(`the zip is ${mib(bytes.length)}, over the ${mib(limits.maxZipBytes)} limit`, label)
  if (bytes.length < 22) throw new BundleError(`not a zip file (${bytes.length} bytes)`, label)
  const count = declaredEntryCount(bytes)
  if (count === null) throw new BundleError('not a zip file (no end of central directory record)', label)
  if (count !== undefined && count > limits.maxEntries)
    throw new BundleError(`declares ${count} entries, over the limit of ${limits.maxEntries}`, label)
  let entries = 0
  let total = 0
  let current: string | undefined
  const declaredSizes = new Map<string, number>()
  let files: Unzipped
  try {
    files = unzipSync(bytes, {
      filter(file) {
        entries++
        if (entries > limits.maxEntries)
          throw new BundleError(`more than ${limits.maxEntries} entries (a bundle has about a dozen)`, label)
        const name = file.name
        if (!ENTRY_NAME.test(name))
          throw new BundleError(
            `entry ${entries} has a damaged or unsafe name (${JSON.stringify(name.slice(0, 40))})`,
            label,
          )
        if (declaredSizes.has(name)) throw new BundleError('the zip holds this entry twice', name)
        if (file.compression !== 0 && file.compression !== 8)
          throw new BundleError(`compression method ${file.compression} (only stored and deflate)`, name)
        const declared = file.originalSize
        if (declared > limits.maxEntryBytes)
          throw new BundleError(
            `declares ${mib(declared)} inflated, over the ${mib(limits.maxEntryBytes)} limit per entry`,
            name,
          )
        if (file.compression === 0 ? declared !== file.size : declared > (file.size + 1) * MAX_DEFLATE_RATIO)
          throw new BundleError(
            `declares ${declared} bytes from ${file.size} compressed: not a ratio deflate can give (a zip bomb or a damaged header)`,
            name,
          )
        total += declared
        if (total > limits.maxTotalBytes)
          throw new BundleError(`the entries declare over ${mib(limits.maxTotalBytes)} in all`, label)
        if (file.size > bytes.length)
          throw new BundleError(`declares ${file.size} compressed bytes, the zip has ${bytes.length}`, name)
        declaredSizes.set(name, declared)
        current = name
        return true
      },
    })
  } catch (e) {
    if (e instanceof BundleError) throw e
    const reason = e instanceof Error ? e.message : String(e)
    if (current !== undefined) throw new BundleError(`damaged zip entry (${reason})`, current)
    throw new BundleError(`not a readable zip file (${reason})`, label)
  }
  if (entries === 0) throw new BundleError('the zip is empty', label)
  for (const [name, data] of Object.entries(files))
    if (data.length !== declaredSizes.get(name))
      throw new BundleError(
        `inflates to ${data.length} bytes, the zip declares ${declaredSizes.get(name)} (truncated or damaged)`,
        name,
      )
  return files
}

/**
 * A zip of `files` (path -> bytes), deflated, entries in the given order, every timestamp set to
 * `mtime` so the same content and time give the same bytes.
 */
export function zipFiles(files: Readonly<Record<string, Uint8Array>>, mtime: Date): Uint8Array {
  const zippable: Zippable = {}
  for (const [name, data] of Object.entries(files)) zippable[name] = [data, { level: 6, mtime }]
  return zipSync(zippable)
}
