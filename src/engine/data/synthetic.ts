import { DataError } from '../io/dataError'
import { Rng } from '../random/rng'
import { createDataset, type Dataset, selectRows } from './dataset'

/**
 * Seeded toy datasets for the decision-boundary demos: the same seed gives the same points on
 * every machine. Geometry follows TensorFlow Playground (spirals, xor) and scikit-learn's
 * `make_moons`, `make_circles`, `make_blobs`; rows are shuffled (as sklearn's `shuffle=True`
 * and Playground do), so any split or batch sees every class.
 */

/** Options every generator takes. */
export interface SyntheticOptions {
  /** Number of points, all classes together. Default 500 (Playground's 500). */
  readonly samples?: number
  /** Noise level; what it scales is documented per generator. */
  readonly noise?: number
  /** Seed of the generator's own random stream. Default 0. */
  readonly seed?: number
}

/** Spirals: `arms` interleaved arms (class c is arm c). */
export interface SpiralsOptions extends SyntheticOptions {
  /** Number of arms, one class each. Default 2. */
  readonly arms?: number
}

/** Circles: a ring inside a ring. */
export interface CirclesOptions extends SyntheticOptions {
  /** Inner radius over outer radius, in (0, 1). Default 0.5. */
  readonly factor?: number
}

/** Blobs: isotropic Gaussian clusters, one class each. */
export interface BlobsOptions extends SyntheticOptions {
  /** Number of clusters (classes). Default 3 (sklearn). */
  readonly centers?: number
  /** Standard deviation of each cluster. Default 1.0 (sklearn). */
  readonly clusterStd?: number
  /** Number of features. Default 2. */
  readonly features?: number
}

const XY = ['x1', 'x2'] as const

function settings(options: SyntheticOptions, name: string, defaultNoise: number) {
  const samples = options.samples ?? 500
  const noise = options.noise ?? defaultNoise
  const seed = options.seed ?? 0
  if (!Number.isInteger(samples) || samples < 1)
    throw new DataError(`${name}: samples must be a positive integer, got ${samples}`)
  if (!Number.isFinite(noise) || noise < 0)
    throw new DataError(`${name}: noise must be a non-negative number, got ${noise}`)
  return { samples, noise, rng: Rng.stream(seed, `data.${name}`) }
}

/** Splits `total` into `parts` counts, the remainder going to the first parts (sklearn's rule). */
function evenCounts(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0))
}

/** Assembles 2-D (or k-D) points with class ids and shuffles the rows with `rng`. */
function finish(
  name: string,
  features: Float32Array,
  ids: Int32Array,
  numClasses: number,
  rng: Rng,
  featureNames: readonly string[] = XY,
): Dataset {
  const ordered = createDataset({
    name,
    features,
    sampleShape: [features.length / ids.length],
    featureNames,
    labels: { kind: 'classes', ids, numClasses },
  })
  return selectRows(ordered, rng.permutation(ordered.size))
}

/**
 * TensorFlow Playground's spiral: arm c has points `r = 5 i/m`, `t = 1.75 * 2π i/m + 2π c/arms`,
 * at `(r sin t, r cos t)`, plus uniform noise in `[-noise, noise]` on each coordinate. Default
 * noise 0 (Playground's default).
 */
export function spirals(options: SpiralsOptions = {}): Dataset {
  const { samples, noise, rng } = settings(options, 'spirals', 0)
  const arms = options.arms ?? 2
  if (!Number.isInteger(arms) || arms < 2 || arms > samples)
    throw new DataError(`spirals: arms must be an integer in 2..samples, got ${arms}`)
  const x = new Float32Array(2 * samples)
  const ids = new Int32Array(samples)
  let row = 0
  evenCounts(samples, arms).forEach((m, arm) => {
    const delta = (2 * Math.PI * arm) / arms
    for (let i = 0; i < m; i++, row++) {
      const r = (i / m) * 5
      const t = ((1.75 * i) / m) * 2 * Math.PI + delta
      x[2 * row] = r * Math.sin(t) + (2 * rng.uniform() - 1) * noise
      x[2 * row + 1] = r * Math.cos(t) + (2 * rng.uniform() - 1) * noise
      ids[row] = arm
    }
  })
  return finish('spirals', x, ids, arms, rng)
}

/** `m` points from `start` to `stop` inclusive (`numpy.linspace`). */
function linspace(start: number, stop: number, m: number, endpoint = true): number[] {
  const steps = endpoint ? m - 1 : m
  return Array.from({ length: m }, (_, i) => (steps > 0 ? start + ((stop - start) * i) / steps : start))
}

/**
 * scikit-learn's `make_moons`: an upper half circle (class 0) and a lower one shifted by
 * (1, -0.5) (class 1), plus Gaussian noise of std `noise`. Default noise 0.1.
 */
export function moons(options: SyntheticOptions = {}): Dataset {
  const { samples, noise, rng } = settings(options, 'moons', 0.1)
  const outer = Math.floor(samples / 2)
  const inner = samples - outer
  const x = new Float32Array(2 * samples)
  const ids = new Int32Array(samples)
  let row = 0
  for (const t of linspace(0, Math.PI, outer)) {
    x[2 * row] = Math.cos(t) + noise * rng.normal()
    x[2 * row + 1] = Math.sin(t) + noise * rng.normal()
    ids[row++] = 0
  }
  for (const t of linspace(0, Math.PI, inner)) {
    x[2 * row] = 1 - Math.cos(t) + noise * rng.normal()
    x[2 * row + 1] = 1 - Math.sin(t) - 0.5 + noise * rng.normal()
    ids[row++] = 1
  }
  return finish('moons', x, ids, 2, rng)
}

/**
 * scikit-learn's `make_circles`: a unit circle (class 0) around a circle of radius `factor`
 * (class 1), plus Gaussian noise of std `noise`. Defaults: factor 0.5, noise 0.05.
 */
export function circles(options: CirclesOptions = {}): Dataset {
  const { samples, noise, rng } = settings(options, 'circles', 0.05)
  const factor = options.factor ?? 0.5
  if (!(factor > 0 && factor < 1)) throw new DataError(`circles: factor must be in (0, 1), got ${factor}`)
  const outer = Math.floor(samples / 2)
  const inner = samples - outer
  const x = new Float32Array(2 * samples)
  const ids = new Int32Array(samples)
  let row = 0
  for (const [count, radius, id] of [
    [outer, 1, 0],
    [inner, factor, 1],
  ] as const) {
    for (const t of linspace(0, 2 * Math.PI, count, false)) {
      x[2 * row] = radius * Math.cos(t) + noise * rng.normal()
      x[2 * row + 1] = radius * Math.sin(t) + noise * rng.normal()
      ids[row++] = id
    }
  }
  return finish('circles', x, ids, 2, rng)
}

/**
 * TensorFlow Playground's XOR: points uniform in [-5, 5]², pushed 0.3 away from the axes; class 1
 * where x1·x2 >= 0. With noise, the class is decided at a point moved by uniform noise in
 * `[-5 noise, 5 noise]` (so labels near the axes flip), as in Playground. Default noise 0.
 */
export function xor(options: SyntheticOptions = {}): Dataset {
  const { samples, noise, rng } = settings(options, 'xor', 0)
  const padding = 0.3
  const x = new Float32Array(2 * samples)
  const ids = new Int32Array(samples)
  for (let i = 0; i < samples; i++) {
    let a = 10 * rng.uniform() - 5
    a += a > 0 ? padding : -padding
    let b = 10 * rng.uniform() - 5
    b += b > 0 ? padding : -padding
    const na = (10 * rng.uniform() - 5) * noise
    const nb = (10 * rng.uniform() - 5) * noise
    x[2 * i] = a
    x[2 * i + 1] = b
    ids[i] = (a + na) * (b + nb) >= 0 ? 1 : 0
  }
  return finish('xor', x, ids, 2, rng)
}

/**
 * scikit-learn's `make_blobs`: `centers` cluster centres uniform in [-10, 10]^features, points
 * Gaussian around them with std `clusterStd` (the `noise` option is an alias for it).
 * Defaults: 3 centres, std 1.0, 2 features.
 */
export function blobs(options: BlobsOptions = {}): Dataset {
  const { samples, rng } = settings(options, 'blobs', 0)
  const centers = options.centers ?? 3
  const std = options.clusterStd ?? options.noise ?? 1
  const features = options.features ?? 2
  if (!Number.isInteger(centers) || centers < 1 || centers > samples)
    throw new DataError(`blobs: centers must be an integer in 1..samples, got ${centers}`)
  if (!Number.isInteger(features) || features < 1)
    throw new DataError(`blobs: features must be a positive integer, got ${features}`)
  if (!(std >= 0)) throw new DataError(`blobs: clusterStd must be non-negative, got ${std}`)
  const middle = Array.from({ length: centers }, () =>
    Array.from({ length: features }, () => 20 * rng.uniform() - 10),
  )
  const x = new Float32Array(features * samples)
  const ids = new Int32Array(samples)
  let row = 0
  evenCounts(samples, centers).forEach((count, c) => {
    for (let i = 0; i < count; i++, row++) {
      for (let f = 0; f < features; f++) x[features * row + f] = middle[c]![f]! + std * rng.normal()
      ids[row] = c
    }
  })
  const names = features === 2 ? XY : Array.from({ length: features }, (_, f) => `x${f + 1}`)
  return finish('blobs', x, ids, centers, rng, names)
}

/**
 * Regression: x uniform in [-π, π], target sin(x) plus Gaussian noise of std `noise` (default
 * 0.1). Features `[1]`, targets `[1]`.
 */
export function sine(options: SyntheticOptions = {}): Dataset {
  const { samples, noise, rng } = settings(options, 'sine', 0.1)
  const x = new Float32Array(samples)
  const y = new Float32Array(samples)
  for (let i = 0; i < samples; i++) {
    const v = (2 * rng.uniform() - 1) * Math.PI
    x[i] = v
    y[i] = Math.sin(v) + noise * rng.normal()
  }
  return createDataset({
    name: 'sine',
    features: x,
    sampleShape: [1],
    featureNames: ['x'],
    labels: { kind: 'targets', values: y, shape: [1], names: ['y'] },
  })
}

/** The generators by name, as `triad train --data <name>` and the run panel know them. */
export const SYNTHETIC = { spirals, moons, circles, xor, blobs, sine } as const

/** A synthetic dataset's name. */
export type SyntheticName = keyof typeof SYNTHETIC
