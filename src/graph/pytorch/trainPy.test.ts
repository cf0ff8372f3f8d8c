import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Rng, type TrainState } from '../../engine'
import { writeNpy } from '../../engine/data/npy'
import { readSafetensors, toFloat32, writeSafetensors } from '../../engine/io'
import { compileDocument } from '../lower/compileDocument'
import { mlpSpirals } from '../templates/mlpSpirals'
import { exportPyTorch } from './exportPyTorch'
import { PYTHON, torchAvailable } from './pytorchTesting'

const torch = torchAvailable()
const skip = torch.ok ? '' : ` (skipped: ${torch.reason})`

/** torchrun: Debian's script, else the module it wraps. */
const TORCHRUN = existsSync('/usr/bin/torchrun')
  ? ['/usr/bin/torchrun']
  : [PYTHON, '-m', 'torch.distributed.run']

const ROWS = 32 // one global batch of the spirals setup: every step sees every row, in any order
const STEPS = 3

/** The `{"step": k, "loss": x}` lines a train.py run printed (torchrun prefixes them with the rank). */
function losses(stdout: string): number[] {
  return [...stdout.matchAll(/\{"step": (\d+), "loss": ([^}]+)\}/g)].map((m) => Number(m[2]))
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let w = 0
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i]! - b[i]!))
  return w
}

describe.skipIf(!torch.ok)(`train.py in Debian's PyTorch${skip}`, () => {
  let dir = ''
  const triadLosses: number[] = []
  let triadState: TrainState | undefined

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'triad-train-py-'))
    const doc = mlpSpirals()
    const files = exportPyTorch(doc)
    writeFileSync(join(dir, 'model.py'), files['model.py'])
    writeFileSync(join(dir, 'train.py'), files['train.py'])
    const rng = new Rng(3)
    const x = Float32Array.from({ length: ROWS * 2 }, () => rng.normal())
    const y = Int32Array.from({ length: ROWS }, (_, i) => (x[2 * i]! * x[2 * i + 1]! > 0 ? 1 : 0))
    writeFileSync(join(dir, 'x.npy'), writeNpy({ dtype: 'float32', shape: [ROWS, 2], data: x }))
    writeFileSync(
      join(dir, 'y.npy'),
      writeNpy({ dtype: 'int64', shape: [ROWS], data: BigInt64Array.from(y, (v) => BigInt(v)) }),
    )
    // Triad trains the same full batch from the same weights with the document's Adam
    const { step, train } = compileDocument(doc, { batch: ROWS })
    let state = step.initialState(0)
    const weights = Object.fromEntries(
      train.params.map((p) => [
        p.name,
        { dtype: 'float32' as const, shape: p.shape, data: Float32Array.from(state.params[p.name]!) },
      ]),
    )
    writeFileSync(join(dir, 'weights.safetensors'), writeSafetensors(weights))
    for (let k = 0; k < STEPS; k++) {
      const r = step.run(state, { point: x, target: y })
      triadLosses.push(r.loss)
      state = r.state
    }
    triadState = state
  })

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const run = (argv: readonly string[]) =>
    spawnSync(argv[0]!, argv.slice(1), {
      cwd: dir,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    })
  const common = ['--x', 'x.npy', '--y', 'y.npy', '--validation-split', '0', '--steps', String(STEPS)]

  it("runs 3 steps under torchrun --nproc_per_node=2 (DDP, gloo) with Triad's losses and weights", () => {
    // --redirects/--tee: Debian 12's torchrun (torch 1.13, Python 3.11) cannot parse their default
    const r = run([
      ...TORCHRUN,
      '--standalone',
      '--nproc_per_node=2',
      '--redirects',
      '1',
      '--tee',
      '1',
      'train.py',
      ...common,
      '--out',
      'ddp.safetensors',
    ])
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0)
    expect(r.stdout).toMatch(/"processes": 2/)
    const got = losses(r.stdout)
    expect(got).toHaveLength(STEPS)
    expect(maxDiff(got, triadLosses)).toBeLessThan(1e-4)
    const saved = readSafetensors(new Uint8Array(readFileSync(join(dir, 'ddp.safetensors')))).tensors
    expect([...saved.keys()].sort()).toEqual(Object.keys(triadState!.params).sort())
    for (const [name, want] of Object.entries(triadState!.params))
      expect(maxDiff(toFloat32(saved.get(name)!), want), name).toBeLessThan(1e-4)
  }, 120_000)

  it('runs as one plain process too, starting from weights.safetensors beside it', () => {
    const r = run([PYTHON, 'train.py', ...common, '--out', 'single.pt'])
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0)
    expect(r.stdout).toMatch(/"weights": "[^"]*weights\.safetensors", "processes": 1/)
    expect(maxDiff(losses(r.stdout), triadLosses)).toBeLessThan(1e-4)
    expect(existsSync(join(dir, 'single.pt'))).toBe(true)
  }, 60_000)
})
