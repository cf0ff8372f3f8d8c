/**
 * SHA-256 of bytes as lowercase hex, with WebCrypto (`crypto.subtle.digest`): the same code runs
 * in Node 20, in workers and in the page.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // digest wants an ArrayBuffer-backed view; copy views of shared or offset buffers
  const view = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice()
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', view))
  let hex = ''
  for (const b of digest) hex += b.toString(16).padStart(2, '0')
  return hex
}

/** A SHA-256 that is not computed yet: 64 zeros (the manifest's own hash while it is hashed). */
export const ZERO_SHA256 = '0'.repeat(64)
