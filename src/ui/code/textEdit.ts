/** One replacement turning a text into another: `text` replaces `[start, end)` of the old text. */
export interface TextEdit {
  start: number
  end: number
  text: string
}

/**
 * The smallest single replacement from `before` to `after` (common prefix and suffix kept), so
 * regenerating the code after a graph edit leaves the editor's scroll, cursor and undo stack alone
 * outside the lines that changed. Null when the texts are equal.
 */
export function minimalEdit(before: string, after: string): TextEdit | null {
  if (before === after) return null
  const max = Math.min(before.length, after.length)
  let prefix = 0
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++
  let suffix = 0
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++
  return { start: prefix, end: before.length - suffix, text: after.slice(prefix, after.length - suffix) }
}
