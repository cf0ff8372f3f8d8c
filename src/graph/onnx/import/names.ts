/**
 * Text that comes from the file (node, tensor, attribute and graph input names, op types, string
 * attributes) as it may appear in an error message. A damaged file can hold any bytes in a name:
 * a newline, a protobuf tag, a thousand characters of the next message. Every such text goes
 * through `nameText` so that an error stays one readable line.
 */

/** The most characters of one name an error message shows. */
export const MAX_NAME_TEXT = 64

const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** True for characters that do not print as one visible glyph on one line. */
function isUnprintable(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0xd800 && code <= 0xdfff)
  )
}

/**
 * `text` safe for a one-line message: control characters (C0, DEL, C1, line and paragraph
 * separators, lone surrogates) escaped as `\n` or `\u0010`, and anything past `max` characters
 * cut with a count of what was left out. A clean, short name comes back unchanged, so messages
 * about well-formed files read as before.
 *
 * @example
 * nameText('/pool2/Constant') // '/pool2/Constant'
 * nameText('\n\u0010/Relu') // '\\n\\u0010/Relu'
 */
export function nameText(text: string, max = MAX_NAME_TEXT): string {
  let out = ''
  let shown = 0
  for (let i = 0; i < text.length; i++) {
    if (shown >= max) return `${out}… (${text.length - i} more characters)`
    const c = text.charCodeAt(i)
    const high = c >= 0xd800 && c <= 0xdbff
    const next = text.charCodeAt(i + 1)
    if (high && next >= 0xdc00 && next <= 0xdfff) {
      // a well-formed surrogate pair is one printable character
      out += text.slice(i, i + 2)
      i++
    } else if (isUnprintable(c)) out += ESCAPES[text[i]!] ?? `\\u${c.toString(16).padStart(4, '0')}`
    else out += text[i]
    shown++
  }
  return out
}
