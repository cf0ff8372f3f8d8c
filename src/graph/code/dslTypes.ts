import { LOSSES, OPTIMIZERS, RESERVED_IDS } from '../document/schema'
import { LAYERS } from '../layers'
import type { ParamSpec } from '../layers/params'
import type { LayerDef } from '../layers/types'
import { argCountRange, layerCallPorts } from './callPorts'
import { formatKey, formatString, formatValue, isIdentifier } from './format'
import { OPTIMIZER_OPTIONS } from './trainingApi'

/**
 * The `triad` module's type declarations, generated from the layer catalogue: what Monaco is
 * given for IntelliSense in the code pane (completion of `L.`, param names with their docs and
 * PyTorch defaults, port-ordered tensor arguments). A new layer file shows up here by itself.
 */

/** `batchNorm2d` -> `BatchNorm2d`. */
function pascal(type: string): string {
  return type.charAt(0).toUpperCase() + type.slice(1)
}

/** A port name as a TypeScript parameter name (`in` is a keyword: `in_`). */
function argName(port: string): string {
  const name = isIdentifier(port) ? port : port.replace(/[^A-Za-z0-9_$]/g, '_')
  return RESERVED_IDS.has(name) ? `${name}_` : name
}

function paramsInterfaceName(def: LayerDef): string {
  return `${pascal(def.type)}Params`
}

function typeOf(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'int':
    case 'float':
      return 'number'
    case 'bool':
      return 'boolean'
    case 'choice':
      return spec.options.map(formatString).join(' | ')
    case 'intOrTuple':
      return `number | [${Array.from({ length: spec.length }, () => 'number').join(', ')}]`
    case 'intList':
      return 'number[] | null'
    case 'optionalFloat':
    case 'optionalInt':
      return 'number | null'
  }
}

/** A TSDoc block, indented; `*\/` in text is broken so it cannot end the comment. */
function docComment(lines: readonly string[], indent: string): string[] {
  const safe = lines.flatMap((l) => l.split('\n')).map((l) => l.replace(/\*\//g, '*\\/'))
  return [`${indent}/**`, ...safe.map((l) => (l === '' ? `${indent} *` : `${indent} * ${l}`)), `${indent} */`]
}

function paramsInterface(def: LayerDef): string[] {
  const out = [
    ...docComment([`Params of \`L.${def.type}\` (${def.torch}); each defaults as in PyTorch.`], '  '),
    `  export interface ${paramsInterfaceName(def)} {`,
  ]
  for (const [key, spec] of Object.entries(def.params)) {
    const notes = [spec.doc]
    if (spec.required) notes.push('PyTorch requires it; write it explicitly.')
    if (spec.inferredFromInput) notes.push("Set from the input's shape when an edge is connected.")
    notes.push(`@default ${formatValue(spec.default)}`)
    out.push(...docComment(notes, '    '), `    ${formatKey(key)}?: ${typeOf(spec)}`)
  }
  out.push('  }')
  return out
}

/** The overloads of `L.<type>`: tensors in port order, then the params object. */
function layerMethods(def: LayerDef): string[] {
  const ports = layerCallPorts(def)
  const hasParams = Object.keys(def.params).length > 0
  const params = hasParams ? `params?: ${paramsInterfaceName(def)}` : undefined
  const returns =
    def.outputs.length === 1
      ? 'Tensor'
      : `{ readonly ${def.outputs.map((p) => `${formatKey(p.name)}: Tensor`).join('; readonly ')} }`
  const portDocs = def.inputs.map(
    (p) => `@param ${argName(p.name)} ${p.doc ?? 'input tensor'}${p.optional ? ' (optional)' : ''}`,
  )
  const doc = docComment(
    [`${def.doc}`, '', `${def.label}: \`${def.torch}\`. Pass null to leave a port unconnected.`, ...portDocs],
    '    ',
  )
  const tensor = (name: string) => `${argName(name)}: Tensor | null`
  const signatures: string[] = []
  if (ports.variadic) {
    const fixed = ports.fixed.map((p) => tensor(p.name))
    const base = argName(ports.variadic.base)
    signatures.push(`(${[...fixed, `...${base}: (Tensor | null)[]`].join(', ')})`)
    if (hasParams)
      signatures.push(
        `(${[...fixed, `...args: [...${base}: (Tensor | null)[], params: ${paramsInterfaceName(def)}]`].join(', ')})`,
      )
  } else {
    const { min } = argCountRange(ports)
    for (let n = min; n <= ports.fixed.length; n++) {
      const args = ports.fixed.slice(0, n).map((p) => tensor(p.name))
      signatures.push(`(${[...args, ...(params ? [params] : [])].join(', ')})`)
    }
  }
  return signatures.flatMap((sig) => [...doc, `    ${def.type}${sig}: ${returns}`])
}

const OPTION_TYPES: Readonly<Record<string, [string, string]>> = {
  lr: ['number', 'Learning rate.'],
  momentum: ['number', 'Momentum factor (PyTorch default 0).'],
  weight_decay: ['number', 'L2 penalty (PyTorch default 0; AdamW 0.01).'],
  nesterov: ['boolean', 'Nesterov momentum (PyTorch default false).'],
  betas: ['[number, number]', 'Coefficients of the running averages (PyTorch default [0.9, 0.999]).'],
  eps: ['number', 'Term added to the denominator (PyTorch default 1e-8).'],
}

function optimizerDeclarations(): string[] {
  const out: string[] = []
  for (const type of OPTIMIZERS) {
    const fields = OPTIMIZER_OPTIONS[type].map((k) => {
      const [t, doc] = OPTION_TYPES[k] ?? ['number', '']
      return `    /** ${doc} */\n    ${k}${k === 'lr' ? '' : '?'}: ${t}`
    })
    out.push(
      `  /** The \`torch.optim\` ${type} optimizer, e.g. \`${type}({ lr: 0.001 })\`. */`,
      `  export function ${type}(options: {\n${fields.join('\n')}\n  }): OptimizerSetup`,
    )
  }
  return out
}

/**
 * The declaration file of the `triad` module for the code pane.
 *
 * @example
 * monaco.languages.typescript.typescriptDefaults.addExtraLib(dslTypeDeclarations(), 'file:///triad.d.ts')
 */
export function dslTypeDeclarations(): string {
  const lines = [
    "declare module 'triad' {",
    ...docComment(
      [
        'A symbolic tensor: what a layer call returns while the model is traced. It holds no',
        'values, only which node made it; the graph shows its shape.',
      ],
      '  ',
    ),
    '  export interface Tensor {',
    "    readonly __triadTensor: 'Tensor'",
    '  }',
    '  /** Named outputs, as `return { logits }` writes them. */',
    '  export type Outputs = { readonly [name: string]: Tensor }',
    ...LAYERS.filter((d) => Object.keys(d.params).length > 0).flatMap(paramsInterface),
    ...docComment(
      ['The layer catalogue: `L.<layer>(...tensors, params?)` records one node and returns its output.'],
      '  ',
    ),
    '  export interface Layers {',
    ...LAYERS.flatMap(layerMethods),
    '  }',
    '  /** A model, as `export default model(...)` gives it to Triad. */',
    '  export interface Model {',
    '    readonly name: string',
    '  }',
    ...docComment(
      [
        'Defines the model: `build` calls layers on `L` and returns the named outputs.',
        "@example export default model('mlp', (L) => { const x = L.input({ shape: [2] }); return { y: L.dense(x, { out_features: 1 }) } })",
      ],
      '  ',
    ),
    '  export function model(name: string, build: (L: Layers) => Outputs | Tensor | undefined): Model',
    ...docComment(
      [
        'Defines a reusable block: a subgraph traced once and used as one node per call.',
        'Call it as `name(L, ...tensors)`; it returns what `body` returns.',
      ],
      '  ',
    ),
    '  export function block<I extends Tensor[], R extends Tensor | Outputs>(',
    '    name: string,',
    '    body: (L: Layers, ...inputs: I) => R,',
    '  ): (L: Layers, ...inputs: { [K in keyof I]: Tensor | null }) => R',
    '  /** An optimizer setup, made by `sgd`, `adam`, `adamw` or `rmsprop`. */',
    '  export interface OptimizerSetup {',
    `    readonly type: ${OPTIMIZERS.map(formatString).join(' | ')}`,
    '    readonly lr: number',
    '  }',
    ...optimizerDeclarations(),
    `  export type Loss = ${LOSSES.map(formatString).join(' | ')}`,
    '  /** The declarative training loop, as `export const training = fit({...})` gives it to Triad. */',
    '  export interface TrainingSetup {',
    '    readonly loss: Loss',
    '    readonly optimizer: OptimizerSetup',
    '    readonly batch_size: number',
    '    readonly epochs: number',
    '  }',
    '  /** Options of `fit`. */',
    '  export interface FitOptions {',
    '    loss: Loss',
    '    optimizer: OptimizerSetup',
    '    /** Samples per step. */',
    '    batch_size: number',
    '    /** Passes over the training data. */',
    '    epochs: number',
    '    /** Seed of initializers, shuffling and dropout. */',
    '    seed?: number',
    '    /** Dataset name, e.g. `mnist`. */',
    '    dataset?: string',
    '    /** Fraction of the data held out for validation (0 to 0.9). */',
    '    validation_split?: number',
    '    /** Metrics reported besides the loss, e.g. `accuracy`. */',
    '    metrics?: string[]',
    '  }',
    "  /** The training setup: `export const training = fit({ loss: 'cross_entropy', optimizer: adam({ lr: 1e-3 }), batch_size: 64, epochs: 3 })`. */",
    '  export function fit(options: FitOptions): TrainingSetup',
    '}',
  ]
  return `${lines.join('\n')}\n`
}
