import { fanInBias, kaimingUniform } from '../../../init/init'
import { GraphBuilder } from '../../../ir/builder'
import type { Value } from '../../../ir/value'
import type { OptimizerConfig } from '../../../optim/optimizer'
import { type CompiledTrainStep, compileTrainStep } from '../../../train/compileTrainStep'
import type { ModelGraph, ParamSlot } from '../../../train/modelGraph'

/**
 * Training steps of ReLU MLPs as the document lowering builds them (F.linear, F.cross_entropy
 * against class indices with the mean reduction), for planning tests and counts: `widths` are
 * the layer sizes, input first.
 */
export function mlpTrainStep(
  widths: readonly number[],
  batch: number,
  optimizer: OptimizerConfig = { type: 'adam', lr: 1e-3 },
): CompiledTrainStep {
  const g = new GraphBuilder()
  const x = g.input([batch, widths[0]!], { name: 'x' })
  const target = g.input([batch], { name: 'target', dtype: 'i32' })
  const params: ParamSlot[] = []
  let h: Value = x
  for (let l = 1; l < widths.length; l++) {
    const [fanIn, out] = [widths[l - 1]!, widths[l]!]
    const w = g.param(`fc${l}.weight`, [out, fanIn])
    const b = g.param(`fc${l}.bias`, [out])
    params.push(
      { name: `fc${l}.weight`, shape: [out, fanIn], init: kaimingUniform([out, fanIn]), value: w },
      { name: `fc${l}.bias`, shape: [out], init: fanInBias([out, fanIn]), value: b },
    )
    h = g.add(g.matmul(h, g.transpose(w, 0, 1)), b)
    if (l < widths.length - 1) h = g.relu(h)
  }
  const classes = widths[widths.length - 1]!
  const logp = g.logSoftmax(h, 1)
  const onehot = g.eq(g.iota([batch, classes], 1), g.unsqueeze(target, 1))
  const valid = g.sub(1, g.eq(target, -100))
  const nll = g.mul(g.neg(g.sum(g.mul(logp, onehot), 1)), valid)
  const loss = g.div(g.sum(nll), g.sum(valid))
  const model: ModelGraph = { graph: g, params, buffers: [], noise: [] }
  return compileTrainStep(model, { loss, optimizer })
}
