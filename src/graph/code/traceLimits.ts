/**
 * Size limits on what tracing may produce. Model code is untrusted: a loop can make a million
 * layers, a computed string can be a gigabyte. The tracer stops at these limits with a located
 * error, and the page (`src/workers/traceAnswer.ts`) refuses any answer past them, so no code
 * can hand the page more than it can draw.
 */

/** Most layers one trace may record, the model and its blocks together. */
export const MAX_NODES = 2000
/** Most connections one trace may record. */
export const MAX_EDGES = 8000
/** Most named outputs of the model or of one block. */
export const MAX_OUTPUTS = 256
/** Longest node id, block name or model name (a name built by nested helpers grows). */
export const MAX_NAME_LENGTH = 200
/** Longest error message the tracer hands back; longer ones are cut with an ellipsis. */
export const MAX_MESSAGE_LENGTH = 500
/** Most errors one trace hands back. */
export const MAX_ERRORS = 20

/** `text` cut to `max` characters, the last of which is an ellipsis when it was cut. */
export function truncateMessage(text: string, max = MAX_MESSAGE_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
