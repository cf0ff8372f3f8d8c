/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a
 * counter-based generator. Block `counter` under `key` is a pure function, so any element of a
 * stream can be computed on its own: a GPU kernel can draw the same numbers as the CPU, element by
 * element, with no shared state. Same constants and round structure as Random123 and cuRAND.
 */

const M0 = 0xd2511f53
const M1 = 0xcd9e8d57
const W0 = 0x9e3779b9
const W1 = 0xbb67ae85

/** High 32 bits of the 64-bit product of two unsigned 32-bit integers. */
function mulHi(a: number, b: number): number {
  const aLo = a & 0xffff
  const aHi = a >>> 16
  const bLo = b & 0xffff
  const bHi = b >>> 16
  const lh = aLo * bHi
  const hl = aHi * bLo
  const mid = ((aLo * bLo) >>> 16) + (lh & 0xffff) + (hl & 0xffff)
  return (aHi * bHi + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) >>> 0
}

/**
 * Encrypts the 128-bit counter (c0..c3) under the 64-bit key (k0, k1) with 10 Philox rounds;
 * writes the four output words into `out` (which may alias nothing else the caller needs).
 */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
): void {
  let x0 = c0 >>> 0
  let x1 = c1 >>> 0
  let x2 = c2 >>> 0
  let x3 = c3 >>> 0
  let key0 = k0 >>> 0
  let key1 = k1 >>> 0
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      key0 = (key0 + W0) >>> 0
      key1 = (key1 + W1) >>> 0
    }
    const hi0 = mulHi(M0, x0)
    const lo0 = Math.imul(M0, x0) >>> 0
    const hi1 = mulHi(M1, x2)
    const lo1 = Math.imul(M1, x2) >>> 0
    x0 = (hi1 ^ x1 ^ key0) >>> 0
    x1 = lo1
    x2 = (hi0 ^ x3 ^ key1) >>> 0
    x3 = lo0
  }
  out[0] = x0
  out[1] = x1
  out[2] = x2
  out[3] = x3
}
