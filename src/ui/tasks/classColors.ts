/** Class colours (Tableau 10-like, readable on the dark theme), class `k` takes entry `k % 10`. */
export const CLASS_COLORS: readonly (readonly [number, number, number])[] = [
  [245, 147, 34],
  [8, 119, 189],
  [80, 180, 90],
  [220, 70, 80],
  [150, 110, 200],
  [140, 90, 70],
  [230, 120, 190],
  [150, 150, 150],
  [190, 190, 40],
  [40, 190, 200],
]

/** The background a boundary fades into where the model is unsure. */
const BACKGROUND: readonly [number, number, number] = [24, 27, 33]

/** The CSS colour of class `k`. */
export function classColor(k: number): string {
  const [r, g, b] = CLASS_COLORS[k % CLASS_COLORS.length]!
  return `rgb(${r}, ${g}, ${b})`
}

/**
 * Class probabilities of `rows` outputs of `width` logits each (softmax per row, as
 * `torch.softmax(logits, 1)`); one output per row is a binary logit (`sigmoid`, as
 * `bce_with_logits` reads it) and becomes `[1 - p, p]`.
 */
export function probabilities(output: Float32Array, rows: number, width: number): Float32Array {
  if (width === 1) {
    const out = new Float32Array(rows * 2)
    for (let r = 0; r < rows; r++) {
      const p = 1 / (1 + Math.exp(-output[r]!))
      out[2 * r] = 1 - p
      out[2 * r + 1] = p
    }
    return out
  }
  const out = new Float32Array(rows * width)
  for (let r = 0; r < rows; r++) {
    let max = Number.NEGATIVE_INFINITY
    for (let k = 0; k < width; k++) max = Math.max(max, output[r * width + k]!)
    let sum = 0
    for (let k = 0; k < width; k++) {
      const e = Math.exp(output[r * width + k]! - max)
      out[r * width + k] = e
      sum += e
    }
    for (let k = 0; k < width; k++) out[r * width + k]! /= sum
  }
  return out
}

/** The most likely class of each row of `probs` (`argmax(1)`; the first on ties, -1 for a NaN row). */
export function argmaxRows(probs: Float32Array, rows: number, width: number): Int32Array {
  const out = new Int32Array(rows)
  for (let r = 0; r < rows; r++) {
    let best = -1
    let bestValue = Number.NEGATIVE_INFINITY
    for (let k = 0; k < width; k++) {
      const v = probs[r * width + k]!
      if (v > bestValue) {
        bestValue = v
        best = k
      }
    }
    out[r] = best
  }
  return out
}

/**
 * RGBA pixels for per-cell class probabilities (TensorFlow Playground's look): each cell takes
 * its most likely class's colour, strong where the model is sure and faded into the background
 * where it hesitates (confidence = how far the top probability is above chance, 1/width).
 */
export function boundaryPixels(probs: Float32Array, cells: number, width: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(cells * 4)
  const chance = 1 / width
  const classes = argmaxRows(probs, cells, width)
  for (let i = 0; i < cells; i++) {
    const k = classes[i]!
    const top = k < 0 ? chance : probs[i * width + k]!
    const confidence = Math.max(0, Math.min(1, (top - chance) / (1 - chance)))
    const mix = 0.15 + 0.7 * confidence
    const color = CLASS_COLORS[Math.max(0, k) % CLASS_COLORS.length]!
    for (let c = 0; c < 3; c++)
      out[4 * i + c] = Math.round(BACKGROUND[c]! + (color[c]! - BACKGROUND[c]!) * mix)
    out[4 * i + 3] = 255
  }
  return out
}

/** A short hex digest of bytes (32-bit FNV-1a): it changes when the picture changes, for tests and caching. */
export function imageHash(bytes: ArrayLike<number>): string {
  let h = 0x811c9dc5
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]! & 0xff
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, '0')
}

/** The share of cells won by each class (for the picture's accessible summary). */
export function classShares(classes: Int32Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0)
  for (const k of classes) if (k >= 0 && k < numClasses) counts[k]!++
  return counts.map((c) => (classes.length > 0 ? c / classes.length : 0))
}
