import { describe, expect, it } from 'vitest'
import { centreByMass, downsample, inkBox, inkFromRgba, MNIST_SIDE, toMnistInput } from './drawing'

/** A `side` x `side` image with the rectangle [x0, x1) x [y0, y1) set to 1. */
function rect(side: number, x0: number, y0: number, x1: number, y1: number): Float32Array {
  const img = new Float32Array(side * side)
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) img[y * side + x] = 1
  return img
}

const massCentre = (img: Float32Array, side: number) => {
  let m = 0
  let x = 0
  let y = 0
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++) {
      const v = img[r * side + c]!
      m += v
      x += v * (c + 0.5)
      y += v * (r + 0.5)
    }
  return { m, x: x / m, y: y / m }
}

describe('drawing to a 28 x 28 input', () => {
  it('averages blocks when downsampling, so a full pad stays full and a half pad is half ink', () => {
    expect(
      Array.from(downsample(new Float32Array(168 * 168).fill(1), 168, 168, 28)).every((v) => v === 1),
    ).toBe(true)
    const half = downsample(rect(168, 0, 0, 84, 168), 168, 168, 28)
    expect(half[0]).toBe(1)
    expect(half[27]).toBe(0)
  })

  it('weights partly covered source pixels by their share', () => {
    // 3 source pixels onto 2: the middle one is split between both outputs
    const out = downsample(Float32Array.from([0, 3, 0, 0, 3, 0, 0, 3, 0]), 3, 3, 2)
    expect(out[0]).toBeCloseTo(1)
    expect(out[1]).toBeCloseTo(1)
  })

  it('keeps a stroke in the top-left quadrant in the top-left when plainly downsampled', () => {
    const out = downsample(rect(168, 10, 10, 40, 40), 168, 168, 28)
    const { x, y } = massCentre(out, 28)
    expect(x).toBeLessThan(14)
    expect(y).toBeLessThan(14)
  })

  it('finds the ink box of a drawing and none in an empty one', () => {
    expect(inkBox(rect(10, 2, 3, 5, 9), 10, 10)).toEqual({ x0: 2, y0: 3, x1: 5, y1: 9 })
    expect(inkBox(new Float32Array(100), 10, 10)).toBeNull()
  })

  it('scales a digit drawn small in a corner to MNIST size (20 pixels tall) and centres its mass', () => {
    // a vertical bar 60 px tall and 12 wide in the pad's top-left corner
    const out = toMnistInput(rect(168, 5, 5, 17, 65), 168, 168)
    expect(out).toHaveLength(MNIST_SIDE * MNIST_SIDE)
    const box = inkBox(out, 28, 28, 0.5)!
    expect(box.y1 - box.y0).toBeGreaterThanOrEqual(19)
    expect(box.y1 - box.y0).toBeLessThanOrEqual(21)
    const { x, y } = massCentre(out, 28)
    expect(Math.abs(x - 14)).toBeLessThanOrEqual(0.5)
    expect(Math.abs(y - 14)).toBeLessThanOrEqual(0.5)
    expect(Math.max(...out)).toBeLessThanOrEqual(1)
  })

  it('gives zeros for an empty drawing', () => {
    expect(toMnistInput(new Float32Array(168 * 168), 168, 168).every((v) => v === 0)).toBe(true)
  })

  it('shifts an image by whole pixels to centre its mass', () => {
    const shifted = centreByMass(rect(28, 0, 0, 4, 4), 28)
    const { x, y } = massCentre(shifted, 28)
    expect(x).toBe(14)
    expect(y).toBe(14)
  })

  it('reads the ink from the red channel of canvas pixels', () => {
    expect(Array.from(inkFromRgba([255, 255, 255, 255, 0, 0, 0, 255], 2, 1))).toEqual([1, 0])
  })
})
