/** Side of an MNIST image, and of the box the digit's ink is scaled into (MNIST's own preprocessing). */
export const MNIST_SIDE = 28
const INK_BOX = 20

/**
 * Box-filter downsampling of a `width` x `height` intensity image (row-major, any range) to
 * `size` x `size`: each output pixel is the mean of the source pixels it covers (fractional
 * coverage weighted), so thin strokes fade rather than vanish.
 */
export function downsample(
  src: ArrayLike<number>,
  width: number,
  height: number,
  size: number,
): Float32Array {
  const out = new Float32Array(size * size)
  const sx = width / size
  const sy = height / size
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) out[r * size + c] = areaMean(src, width, height, c * sx, r * sy, sx, sy)
  }
  return out
}

/** Mean of `src` over the rectangle `[x0, x0 + w) x [y0, y0 + h)`; outside the image counts as 0. */
function areaMean(
  src: ArrayLike<number>,
  width: number,
  height: number,
  x0: number,
  y0: number,
  w: number,
  h: number,
): number {
  let sum = 0
  const x1 = x0 + w
  const y1 = y0 + h
  for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
    if (y < 0 || y >= height) continue
    const fy = Math.min(y + 1, y1) - Math.max(y, y0)
    for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
      if (x < 0 || x >= width) continue
      const fx = Math.min(x + 1, x1) - Math.max(x, x0)
      sum += src[y * width + x]! * fx * fy
    }
  }
  return sum / (w * h)
}

/** The bounding box of pixels above `threshold`, or null when nothing is drawn. */
export function inkBox(src: ArrayLike<number>, width: number, height: number, threshold = 0.05) {
  let x0 = width
  let y0 = height
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (src[y * width + x]! > threshold) {
        if (x < x0) x0 = x
        if (x > x1) x1 = x
        if (y < y0) y0 = y
        if (y > y1) y1 = y
      }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 }
}

/**
 * A drawing as MNIST input (`[1, 28, 28]`, values in [0, 1], ink bright on black), prepared the
 * way MNIST's digits were: the ink's bounding box scaled (aspect kept) to fit 20 x 20, then the
 * image shifted so its centre of mass sits at the centre of the 28 x 28 field. A model trained
 * on MNIST sees a drawn digit the way it saw its training digits. An empty drawing is all zeros.
 */
export function toMnistInput(src: ArrayLike<number>, width: number, height: number): Float32Array {
  const box = inkBox(src, width, height)
  const out = new Float32Array(MNIST_SIDE * MNIST_SIDE)
  if (!box) return out
  const side = Math.max(box.x1 - box.x0, box.y1 - box.y0)
  const scale = INK_BOX / side // output pixels per source pixel
  const step = 1 / scale
  // the box's centre lands on the field's centre; the shift below refines it by centre of mass
  const cx = (box.x0 + box.x1) / 2
  const cy = (box.y0 + box.y1) / 2
  const half = MNIST_SIDE / 2
  for (let r = 0; r < MNIST_SIDE; r++)
    for (let c = 0; c < MNIST_SIDE; c++)
      out[r * MNIST_SIDE + c] = areaMean(
        src,
        width,
        height,
        cx + (c - half) * step,
        cy + (r - half) * step,
        step,
        step,
      )
  return centreByMass(clampUnit(out), MNIST_SIDE)
}

function clampUnit(a: Float32Array): Float32Array {
  for (let i = 0; i < a.length; i++) a[i] = Math.min(1, Math.max(0, a[i]!))
  return a
}

/** Shifts a square image by whole pixels so its centre of mass is at the centre (what falls off is dropped). */
export function centreByMass(img: Float32Array, side: number): Float32Array {
  let mass = 0
  let mx = 0
  let my = 0
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++) {
      const v = img[r * side + c]!
      mass += v
      mx += v * (c + 0.5)
      my += v * (r + 0.5)
    }
  if (mass === 0) return img
  const dx = Math.round(side / 2 - mx / mass)
  const dy = Math.round(side / 2 - my / mass)
  if (dx === 0 && dy === 0) return img
  const out = new Float32Array(side * side)
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++) {
      const tr = r + dy
      const tc = c + dx
      if (tr >= 0 && tr < side && tc >= 0 && tc < side) out[tr * side + tc] = img[r * side + c]!
    }
  return out
}

/** The ink of canvas RGBA pixels (white strokes on black): the red channel, 0..1. */
export function inkFromRgba(rgba: ArrayLike<number>, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height)
  for (let i = 0; i < out.length; i++) out[i] = rgba[4 * i]! / 255
  return out
}
