/** The rectangle of input space a decision boundary covers. */
export interface PlaneRange {
  readonly xMin: number
  readonly xMax: number
  readonly yMin: number
  readonly yMax: number
}

/**
 * The range of 2-D points (`[x0, y0, x1, y1, ...]`) widened by `margin` of each side's span, so
 * the outermost points do not sit on the image's edge. A degenerate axis (every value equal, or
 * no points) gets a span of 2 around its value, so the grid never collapses to a line.
 */
export function planeRange(points: Float32Array, margin = 0.1): PlaneRange {
  let xMin = Number.POSITIVE_INFINITY
  let xMax = Number.NEGATIVE_INFINITY
  let yMin = Number.POSITIVE_INFINITY
  let yMax = Number.NEGATIVE_INFINITY
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i]!
    const y = points[i + 1]!
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue
    if (x < xMin) xMin = x
    if (x > xMax) xMax = x
    if (y < yMin) yMin = y
    if (y > yMax) yMax = y
  }
  const widen = (lo: number, hi: number): [number, number] => {
    if (!(hi >= lo)) return [-1, 1]
    if (hi === lo) return [lo - 1, hi + 1]
    const pad = (hi - lo) * margin
    return [lo - pad, hi + pad]
  }
  const [x0, x1] = widen(xMin, xMax)
  const [y0, y1] = widen(yMin, yMax)
  return { xMin: x0, xMax: x1, yMin: y0, yMax: y1 }
}

/**
 * The centres of a `size` x `size` grid of cells over `range`, as predict rows (`[x, y]` each,
 * row-major): row 0 is the top of the image (largest y), column 0 the left (smallest x), so cell
 * `(row, col)` of the prediction is pixel `(col, row)` of the picture.
 */
export function gridPoints(range: PlaneRange, size: number): Float32Array {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`grid size must be a positive integer, got ${size}`)
  const out = new Float32Array(size * size * 2)
  const dx = (range.xMax - range.xMin) / size
  const dy = (range.yMax - range.yMin) / size
  for (let r = 0; r < size; r++) {
    const y = range.yMax - (r + 0.5) * dy
    for (let c = 0; c < size; c++) {
      const i = 2 * (r * size + c)
      out[i] = range.xMin + (c + 0.5) * dx
      out[i + 1] = y
    }
  }
  return out
}

/** Where data point `(x, y)` falls on a `width` x `height` picture of `range` (pixels, y down). */
export function toPixel(range: PlaneRange, x: number, y: number, width: number, height: number) {
  return {
    px: ((x - range.xMin) / (range.xMax - range.xMin)) * width,
    py: ((range.yMax - y) / (range.yMax - range.yMin)) * height,
  }
}
