import { onnxFloat, onnxInput } from '../../onnx/mapping'
import { type Dim, formatShape } from '../../shapes/shape'
import { bool, choice, intList, optionalFloat } from '../params'
import { perSample } from '../rules/dims'
import { notConnected, wrongRank } from '../rules/issues'
import { scaledOut } from '../rules/spatial'
import { defineLayer, fail, ok } from '../types'

/** Input ranks each interpolation mode accepts, as torch.nn.functional.interpolate does. */
const RANKS: Readonly<Record<string, readonly number[]>> = {
  nearest: [3, 4, 5],
  linear: [3],
  bilinear: [4],
  bicubic: [4],
  trilinear: [5],
}

/** Interpolation taps per output element, for the FLOP estimate. */
const TAPS: Readonly<Record<string, number>> = {
  nearest: 0,
  linear: 2,
  bilinear: 4,
  bicubic: 16,
  trilinear: 8,
}

/** torch.nn.Upsample: resizes the spatial dims (all after N and C) by `scale_factor` or to `size`. */
export const upsample = defineLayer({
  type: 'upsample',
  label: 'Upsample',
  category: 'shape',
  doc: 'Resizes the spatial dims of [N, C, ...] by scale_factor or to size, interpolating by mode.',
  torch: 'torch.nn.Upsample',
  params: {
    size: intList({
      default: null,
      doc: 'Output spatial size, one entry per spatial dim (or one for all); null (None) to use scale_factor.',
    }),
    scale_factor: optionalFloat({
      default: null,
      min: 0,
      doc: 'Multiplier for every spatial dim (output = floor(input · scale)); null (None) to use size.',
    }),
    mode: choice({
      default: 'nearest',
      options: ['nearest', 'linear', 'bilinear', 'bicubic', 'trilinear'],
      doc: 'Interpolation: nearest (3-5-D), linear (3-D), bilinear/bicubic (4-D), trilinear (5-D).',
    }),
    align_corners: bool({
      default: false,
      doc: "Align the corner pixels of input and output (linear modes only); PyTorch's None means false.",
    }),
  },
  inputs: [{ name: 'x' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params }) => {
    if (!x) return notConnected('x')
    const { size, scale_factor: scale, mode } = params
    if ((size === null) === (scale === null))
      return fail({
        message:
          size === null
            ? 'Set either size or scale_factor.'
            : 'Set only one of size and scale_factor, not both.',
        expected: 'exactly one of size, scale_factor',
        actual: `size=${JSON.stringify(size)}, scale_factor=${scale}`,
        fix:
          size === null
            ? { kind: 'setParam', param: 'scale_factor', value: 2, label: 'set scale_factor to 2' }
            : { kind: 'setParam', param: 'scale_factor', value: null, label: 'clear scale_factor' },
      })
    const ranks = RANKS[mode] ?? [4]
    if (!ranks.includes(x.length))
      return wrongRank('x', `Upsample (${mode})`, ranks.map((r) => `${r}-D [N, C, ...]`).join(' or '), x)
    if (params.align_corners && mode === 'nearest')
      return fail({
        message: 'align_corners applies only to the linear modes (linear, bilinear, bicubic, trilinear).',
        actual: `mode=${mode}`,
        fix: { kind: 'setParam', param: 'align_corners', value: false, label: 'set align_corners to false' },
      })
    const spatial = x.length - 2
    let dims: Dim[]
    if (size !== null) {
      if (size.length !== 1 && size.length !== spatial)
        return fail({
          message: `size ${formatShape(size)} needs 1 or ${spatial} entries for the ${spatial} spatial dims of ${formatShape(x)}.`,
          expected: `${spatial} entries`,
          actual: formatShape(size),
        })
      dims = x.slice(2).map((_, i) => size[size.length === 1 ? 0 : i] as number)
    } else {
      dims = x.slice(2).map((d) => scaledOut(d, scale as number))
    }
    if (dims.some((d) => typeof d === 'number' && d < 1))
      return fail({
        port: 'x',
        message: `Upsample of ${formatShape(x)} gives an empty output ${formatShape([x[0] as Dim, x[1] as Dim, ...dims])}.`,
        expected: 'every output size >= 1',
        actual: formatShape(x),
      })
    return ok([x[0] as Dim, x[1] as Dim, ...dims])
  },
  paramCount: () => 0,
  flops: ({ outputs: [out], params }) => 2 * perSample(out!) * (TAPS[params.mode] ?? 1),
  // Resize as PyTorch exports F.interpolate: scales from scale_factor (which PyTorch also uses
  // for the source coordinates), sizes (batch and channels read at run time) from size
  onnx: {
    emit: ({ b, params: p, inputs, outputs: [out] }) => {
      const x = onnxInput(inputs, 0, 'x')
      const spatial = x.shape.length - 2
      const sizing =
        p.scale_factor !== null
          ? [
              b.floats(
                [1, 1, ...Array.from({ length: spatial }, () => p.scale_factor as number)],
                [spatial + 2],
              ),
            ]
          : [
              '',
              b.node(
                'Concat',
                [b.node('Shape', [x.name], { start: 0, end: 2 }), b.ints(out!.slice(2) as number[])],
                { axis: 0 },
              ),
            ]
      const nearest = p.mode === 'nearest'
      return b.node('Resize', [x.name, '', ...sizing], {
        mode: nearest ? 'nearest' : p.mode === 'bicubic' ? 'cubic' : 'linear',
        coordinate_transformation_mode: nearest
          ? 'asymmetric'
          : p.align_corners
            ? 'align_corners'
            : 'pytorch_half_pixel',
        ...(nearest ? { nearest_mode: 'floor' } : {}),
        ...(p.mode === 'bicubic' ? { cubic_coeff_a: onnxFloat(-0.75) } : {}),
      })
    },
  },
})
