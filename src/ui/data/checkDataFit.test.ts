import { describe, expect, it } from 'vitest'
import { iris } from '../../engine/data/iris'
import { blobs, spirals } from '../../engine/data/synthetic'
import { applyGraphChange } from '../../graph/changes/applyGraphChange'
import { inferShapes } from '../../graph/shapes/inferShapes'
import { mlpSpirals } from '../../graph/templates/mlpSpirals'
import { checkDataFit } from './checkDataFit'

const doc = mlpSpirals()

describe('checkDataFit', () => {
  it('accepts data that fits the model', () => {
    expect(checkDataFit(doc, inferShapes(doc), spirals())).toEqual({ ok: true })
  })

  it('names a feature misfit with the fix, and the fix makes the whole model check again', () => {
    const fit = checkDataFit(doc, inferShapes(doc), iris())
    if (fit.ok) throw new Error('iris should not fit a 2-input model')
    expect(fit.message).toMatch(/4 features but the model input is \[2\]: set the Input shape to \[4\]/)
    expect(fit.fix?.label).toBe('Set the Input shape to [4]')
    const fixed = applyGraphChange(doc, fit.fix!.change).doc
    const shapes = inferShapes(fixed)
    expect(shapes.issues).toEqual({})
    // iris has 3 classes, the spirals model outputs 2: the next misfit is the output's, with its fix
    const next = checkDataFit(fixed, shapes, iris())
    if (next.ok) throw new Error('3 classes should not fit 2 logits')
    expect(next.message).toMatch(/3 classes/)
    const done = applyGraphChange(fixed, next.fix!.change).doc
    expect(checkDataFit(done, inferShapes(done), iris())).toEqual({ ok: true })
  })

  it('asks for more outputs when there are more classes than logits', () => {
    const fit = checkDataFit(doc, inferShapes(doc), blobs({ centers: 4 }))
    expect(fit.ok).toBe(false)
    if (!fit.ok) expect(fit.message).toMatch(/4 classes .* output 4 values/)
  })
})
