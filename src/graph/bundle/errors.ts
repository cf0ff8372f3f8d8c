/** Control characters (from damaged names or parser messages) shown as escapes: one clean line. */
function clean(message: string): string {
  let out = ''
  for (const ch of message) {
    const c = ch.charCodeAt(0)
    out += c < 0x20 || c === 0x7f ? `\\u${c.toString(16).padStart(4, '0')}` : ch
  }
  return out
}

/**
 * A bundle that cannot be read or does not check: damaged zip, invalid manifest, a file whose
 * hash does not match, an entry over the size limits. `file` names the bundle entry at fault
 * (`weights.safetensors`) when there is one; the message always starts with it.
 */
export class BundleError extends Error {
  readonly file: string | undefined

  constructor(message: string, file?: string) {
    super(clean(file ? `${file}: ${message}` : message))
    this.name = 'BundleError'
    this.file = file
  }
}
