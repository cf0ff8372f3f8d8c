import type { BundleManifest, BundleMetrics, TensorSignature } from './manifest'

/**
 * The bundle's README.md: a model card a person reads before shipping or rolling back: name and
 * version (with its parent), the signature, the training setup, the data fingerprint, the final
 * metrics and the loss curve, drawn here as an inline SVG (no plotting library, no network).
 */

const CARD_WIDTH = 480
const CARD_HEIGHT = 200
const PAD = 36

const fmt = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? '-' : Number(v.toPrecision(5)).toString()

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** A polyline's points, `x,y x,y`, for (step, loss) pairs scaled into the plot box. */
function points(
  series: readonly { x: number; y: number }[],
  scale: { x0: number; x1: number; y0: number; y1: number },
): string {
  const w = CARD_WIDTH - 2 * PAD
  const h = CARD_HEIGHT - 2 * PAD
  const sx = (x: number) =>
    PAD + (scale.x1 === scale.x0 ? w / 2 : ((x - scale.x0) / (scale.x1 - scale.x0)) * w)
  const sy = (y: number) =>
    CARD_HEIGHT - PAD - (scale.y1 === scale.y0 ? h / 2 : ((y - scale.y0) / (scale.y1 - scale.y0)) * h)
  return series.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')
}

/**
 * The loss curve as SVG text: training loss per optimizer step (blue) and validation loss (orange,
 * at the step it was measured, or spread evenly over the run when only epochs are known).
 * Axes carry the step range and the loss range. Long runs are thinned to at most 500 points.
 */
export function lossCurveSvg(metrics: BundleMetrics): string {
  const stride = Math.max(1, Math.ceil(metrics.train.length / 500))
  const train = metrics.train
    .filter((_, i) => i % stride === 0 || i === metrics.train.length - 1)
    .map((m) => ({ x: m.step, y: m.loss }))
  const lastStep = metrics.train.at(-1)?.step ?? metrics.validation.length
  const epochs = metrics.validation.length
  const validation = metrics.validation.map((v, i) => ({
    x: v.step ?? (epochs > 0 ? ((i + 1) / epochs) * lastStep : i + 1),
    y: v.loss,
  }))
  const all = [...train, ...validation].filter((p) => Number.isFinite(p.y))
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}" role="img" aria-label="loss curve">`
  if (all.length === 0)
    return `${head}<text x="${PAD}" y="${CARD_HEIGHT / 2}" font-family="sans-serif" font-size="12">no training steps recorded</text></svg>`
  const scale = {
    x0: Math.min(...all.map((p) => p.x)),
    x1: Math.max(...all.map((p) => p.x)),
    y0: Math.min(0, ...all.map((p) => p.y)),
    y1: Math.max(...all.map((p) => p.y)),
  }
  const text = (x: number, y: number, s: string, anchor = 'start') =>
    `<text x="${x}" y="${y}" font-family="sans-serif" font-size="11" text-anchor="${anchor}">${esc(s)}</text>`
  const parts = [
    head,
    `<rect x="0" y="0" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" fill="white"/>`,
    `<polyline fill="none" stroke="#888" points="${PAD},${PAD} ${PAD},${CARD_HEIGHT - PAD} ${CARD_WIDTH - PAD},${CARD_HEIGHT - PAD}"/>`,
    text(PAD - 4, PAD + 4, fmt(scale.y1), 'end'),
    text(PAD - 4, CARD_HEIGHT - PAD, fmt(scale.y0), 'end'),
    text(PAD, CARD_HEIGHT - PAD + 14, `step ${fmt(scale.x0)}`),
    text(CARD_WIDTH - PAD, CARD_HEIGHT - PAD + 14, `step ${fmt(scale.x1)}`, 'end'),
    train.length > 0
      ? `<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${points(train, scale)}"><title>training loss</title></polyline>`
      : '',
    validation.length > 0
      ? `<polyline fill="none" stroke="#ff7f0e" stroke-width="1.5" points="${points(validation, scale)}"><title>validation loss</title></polyline>`
      : '',
    text(CARD_WIDTH - PAD, PAD - 10, 'training loss (blue), validation loss (orange)', 'end'),
    '</svg>',
  ]
  return parts.filter((p) => p !== '').join('\n')
}

const shapeText = (t: TensorSignature) => `\`${t.name}\`: ${t.dtype} [${t.shape.join(', ')}]`

/** The model card (README.md) of a bundle. */
export function modelCard(
  manifest: Omit<BundleManifest, 'files' | 'manifestSha256'>,
  metrics: BundleMetrics,
): string {
  const lines = [
    `# ${manifest.name} ${manifest.version}`,
    '',
    `Made by ${manifest.producer} on ${manifest.createdAt}. ` +
      (manifest.parentVersion ? `Parent version: ${manifest.parentVersion}.` : 'No parent version.'),
    '',
    '## Signature',
    '',
    ...manifest.signature.inputs.map((t) => `- input ${shapeText(t)}`),
    ...manifest.signature.outputs.map((t) => `- output ${shapeText(t)}`),
    '',
    '## Training setup',
    '',
  ]
  const t = manifest.training
  if (t) {
    const opt = Object.entries(t.optimizer)
      .filter(([k]) => k !== 'type')
      .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('/') : String(v)}`)
      .join(', ')
    lines.push(
      `- loss: ${t.loss}`,
      `- optimizer: ${t.optimizer.type}${opt ? ` (${opt})` : ''}`,
      `- batch size ${t.batch_size}, ${t.epochs} epoch${t.epochs > 1 ? 's' : ''}, seed ${t.seed ?? 0}` +
        (t.validation_split ? `, validation split ${t.validation_split}` : ''),
    )
    if (t.dataset) lines.push(`- dataset: ${t.dataset}`)
  } else lines.push('No training setup (the weights were not trained by Triad).')
  if (manifest.data)
    lines.push(
      `- data fingerprint: sha256 ${manifest.data.sha256} (${manifest.data.samples} samples, ${manifest.data.bytes} bytes: ` +
        `${manifest.data.arrays.map((a) => `${a.name} ${a.dtype} [${a.shape.join(', ')}]`).join(', ')})`,
    )
  lines.push('', '## Metrics', '')
  const entries = Object.entries(manifest.metrics)
  if (entries.length === 0) lines.push('No metrics recorded.')
  else lines.push('| metric | value |', '|---|---|', ...entries.map(([k, v]) => `| ${k} | ${fmt(v)} |`))
  lines.push(
    '',
    '## Loss curve',
    '',
    lossCurveSvg(metrics),
    '',
    '## Files',
    '',
    'model.json (the Triad document, the source of truth), weights.safetensors, model.onnx (opset 17), ' +
      'model.ts (the code face, shown, never run on import), metrics.json, samples.npy and expected.npy ' +
      '(inputs and the outputs Triad computed; `triad verify` checks the ONNX model against them), ' +
      'pytorch/model.py and pytorch/train.py.',
    '',
  )
  return lines.join('\n')
}
