import type { ParamSpecs, ParamsOf, ParamValue } from '../layers/params'
import type { LayerDef } from '../layers/types'
import { pyFloat, pyInt, pyParam, pyTuple } from './python'

/**
 * Each catalogue layer's PyTorch form: the `nn` module its node becomes (constructor text) and
 * the expression its forward step is, computing what Triad's eval-mode lowering computes.
 * Constructor arguments follow the layer's param specs, which are PyTorch's (names, order,
 * defaults): required ones positionally, others by keyword when they differ from the default.
 */

/** A helper class model.py defines when a layer needs one (PyTorch versions lack a form). */
export interface PyHelper {
  readonly name: string
  readonly source: string
}

/** What one node becomes in model.py. */
export interface TorchForm {
  /** The submodule's constructor, or undefined for a tensor expression (add, cat, permute, ...). */
  readonly module?: string
  /** True when the submodule holds parameters or buffers (DDP must then see it used). */
  readonly stateful: boolean
  /** The forward expression from the submodule reference (`self.fc`) and the input names. */
  call(self: string, args: readonly string[]): string
  readonly helpers?: readonly PyHelper[]
}

type Params = ParamsOf<ParamSpecs>

const same = (a: ParamValue | undefined, b: ParamValue | undefined) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Constructor arguments from params: the leading required params positionally, the others as
 * `name=value` when they differ from the spec's default or are listed in `always`; `omit` drops
 * params that are not constructor arguments; `extra` is appended (`batch_first=True`).
 */
export function constructorArgs(
  layer: LayerDef,
  params: Params,
  options: { always?: readonly string[]; omit?: readonly string[]; extra?: readonly string[] } = {},
): string {
  const out: string[] = []
  let positional = true
  for (const [name, spec] of Object.entries(layer.params)) {
    if (options.omit?.includes(name)) continue
    const value = params[name] ?? spec.default
    if (positional && spec.required) {
      out.push(pyParam(spec, value))
      continue
    }
    positional = false
    if (options.always?.includes(name) || !same(value, spec.default))
      out.push(`${name}=${pyParam(spec, value)}`)
  }
  return [...out, ...(options.extra ?? [])].join(', ')
}

const unary = (cls: string, options?: Parameters<typeof constructorArgs>[2]) => ({
  form: (layer: LayerDef, p: Params): TorchForm => ({
    module: `${cls}(${constructorArgs(layer, p, options)})`,
    stateful: false,
    call: (self, [x]) => `${self}(${x})`,
  }),
})

const stateful = (
  cls: string,
  options?: Parameters<typeof constructorArgs>[2],
  call?: TorchForm['call'],
) => ({
  form: (layer: LayerDef, p: Params): TorchForm => ({
    module: `${cls}(${constructorArgs(layer, p, options)})`,
    stateful: true,
    call: call ?? ((self, [x]) => `${self}(${x})`),
  }),
})

const loss = (cls: string) => ({
  form: (layer: LayerDef, p: Params): TorchForm => ({
    module: `${cls}(${constructorArgs(layer, p)})`,
    stateful: false,
    call: (self, [input, target]) => `${self}(${input}, ${target})`,
  }),
})

/** LayerNorm without its shift: `nn.LayerNorm(bias=False)` exists only from torch 2.1. */
const LAYER_NORM_WITHOUT_BIAS: PyHelper = {
  name: 'LayerNormWithoutBias',
  source: `class LayerNormWithoutBias(nn.Module):
    """nn.LayerNorm(normalized_shape, eps, bias=False) for any torch version (bias=False needs torch >= 2.1)."""

    def __init__(self, normalized_shape, eps=1e-05):
        super().__init__()
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(self.normalized_shape))

    def forward(self, x):
        return torch.nn.functional.layer_norm(x, self.normalized_shape, self.weight, None, self.eps)`,
}

/** The PyTorch form of every catalogue layer but `input`, by layer type. */
export const TORCH_FORMS: Readonly<Record<string, { form(layer: LayerDef, p: Params): TorchForm }>> = {
  dense: stateful('nn.Linear'),
  dropout: unary('nn.Dropout', { always: ['p'] }),
  conv1d: stateful('nn.Conv1d'),
  conv2d: stateful('nn.Conv2d'),
  convTranspose2d: stateful('nn.ConvTranspose2d'),
  maxPool2d: unary('nn.MaxPool2d'),
  avgPool2d: unary('nn.AvgPool2d'),
  globalAvgPool: unary('nn.AdaptiveAvgPool2d', { extra: ['1'] }),
  batchNorm1d: stateful('nn.BatchNorm1d'),
  batchNorm2d: stateful('nn.BatchNorm2d'),
  layerNorm: {
    form: (layer, p) => {
      const withoutBias = p.elementwise_affine === true && p.bias === false
      const args = constructorArgs(layer, p, { omit: ['bias'] })
      return {
        module: withoutBias
          ? `LayerNormWithoutBias(${constructorArgs(layer, p, { omit: ['bias', 'elementwise_affine'] })})`
          : `nn.LayerNorm(${args})`,
        stateful: p.elementwise_affine === true,
        call: (self, [x]) => `${self}(${x})`,
        ...(withoutBias ? { helpers: [LAYER_NORM_WITHOUT_BIAS] } : {}),
      }
    },
  },
  flatten: unary('nn.Flatten'),
  reshape: {
    form: (_, p) => ({
      stateful: false,
      call: (_self, [x]) =>
        `${x}.reshape(${[`${x}.shape[0]`, ...(p.shape as number[]).map(pyInt)].join(', ')})`,
    }),
  },
  permute: {
    form: (_, p) => ({
      stateful: false,
      call: (_self, [x]) => `${x}.permute(${(p.dims as number[]).map(pyInt).join(', ')})`,
    }),
  },
  upsample: {
    form: (_, p) => {
      const size = p.size as number[] | null
      const args: string[] = []
      if (size !== null) args.push(`size=${size.length === 1 ? pyInt(size[0]!) : pyTuple(size.map(pyInt))}`)
      if (p.scale_factor !== null) args.push(`scale_factor=${pyFloat(p.scale_factor as number)}`)
      args.push(`mode='${String(p.mode)}'`)
      // PyTorch refuses align_corners for 'nearest' and warns when a linear mode leaves it unset
      if (p.mode !== 'nearest') args.push(`align_corners=${p.align_corners ? 'True' : 'False'}`)
      return {
        module: `nn.Upsample(${args.join(', ')})`,
        stateful: false,
        call: (self, [x]) => `${self}(${x})`,
      }
    },
  },
  concat: {
    form: (_, p) => ({
      stateful: false,
      // explicit: Triad's default dim is 1 (features), torch.cat's is 0
      call: (_self, xs) => `torch.cat([${xs.join(', ')}], dim=${pyInt(p.dim as number)})`,
    }),
  },
  add: { form: () => ({ stateful: false, call: (_self, xs) => xs.join(' + ') }) },
  multiply: { form: () => ({ stateful: false, call: (_self, xs) => xs.join(' * ') }) },
  embedding: stateful('nn.Embedding'),
  lstm: stateful('nn.LSTM', { extra: ['batch_first=True'] }, (self, [x]) => `${self}(${x})[0]`),
  gru: stateful('nn.GRU', { extra: ['batch_first=True'] }, (self, [x]) => `${self}(${x})[0]`),
  multiHeadAttention: stateful(
    'nn.MultiheadAttention',
    { extra: ['batch_first=True'] },
    (self, [q, k, v]) => {
      // ports arrive connected-only and in order, as Triad lowers them: key defaults to the
      // query, value to the key
      const key = k ?? q
      return `${self}(${q}, ${key}, ${v ?? key}, need_weights=False)[0]`
    },
  ),
  relu: unary('nn.ReLU'),
  leakyRelu: unary('nn.LeakyReLU'),
  gelu: unary('nn.GELU'),
  silu: unary('nn.SiLU'),
  sigmoid: unary('nn.Sigmoid'),
  tanh: unary('nn.Tanh'),
  // explicit: nn.Softmax's implicit dim=None is deprecated and guesses; Triad's default is -1
  softmax: unary('nn.Softmax', { always: ['dim'] }),
  logSoftmax: unary('nn.LogSoftmax', { always: ['dim'] }),
  crossEntropy: loss('nn.CrossEntropyLoss'),
  mseLoss: loss('nn.MSELoss'),
  bceWithLogitsLoss: loss('nn.BCEWithLogitsLoss'),
  l1Loss: loss('nn.L1Loss'),
  huberLoss: loss('nn.HuberLoss'),
}

/** The PyTorch form of a node of `layer` with resolved `params`; throws for a layer without one. */
export function torchForm(layer: LayerDef, params: Params): TorchForm {
  const entry = TORCH_FORMS[layer.type]
  if (!entry)
    throw new Error(
      `${layer.label} (${layer.type}) has no PyTorch form yet: the PyTorch export cannot write it.`,
    )
  return entry.form(layer, params)
}
