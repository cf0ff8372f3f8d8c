import { describe, expect, it } from 'vitest'
import { float, int, intList, intOrTuple, optionalFloat, optionalInt } from '../../graph/layers/params'
import { paramText, parseParamText } from './paramText'

describe('parseParamText', () => {
  it('reads whole numbers for an int and refuses fractions, text and values below the minimum', () => {
    const spec = int({ default: 1, min: 1, doc: '' })
    expect(parseParamText(spec, ' 16 ')).toEqual({ ok: true, value: 16 })
    expect(parseParamText(spec, '1.5').ok).toBe(false)
    expect(parseParamText(spec, 'ten').ok).toBe(false)
    expect(parseParamText(spec, '')).toMatchObject({ ok: false })
    expect(parseParamText(spec, '0')).toEqual({ ok: false, error: 'Value must be at least 1.' })
  })

  it('reads a float with exponent notation', () => {
    expect(parseParamText(float({ default: 0.5, doc: '' }), '1e-3')).toEqual({ ok: true, value: 0.001 })
  })

  it('reads "3" or "3, 5" for an int-or-tuple and refuses the wrong count', () => {
    const spec = intOrTuple({ default: 1, length: 2, min: 1, doc: '' })
    expect(parseParamText(spec, '3')).toEqual({ ok: true, value: 3 })
    expect(parseParamText(spec, '3, 5')).toEqual({ ok: true, value: [3, 5] })
    expect(parseParamText(spec, '(3, 5)')).toEqual({ ok: true, value: [3, 5] })
    expect(parseParamText(spec, '1, 2, 3').ok).toBe(false)
    expect(parseParamText(spec, '0, 2').ok).toBe(false)
  })

  it('reads a list of ints, with -1 only where allowed and empty as None when the default is None', () => {
    expect(parseParamText(intList({ default: [2], doc: '' }), '[1, 28, 28]')).toEqual({
      ok: true,
      value: [1, 28, 28],
    })
    expect(parseParamText(intList({ default: [2], doc: '' }), '-1, 4').ok).toBe(false)
    expect(parseParamText(intList({ default: null, allowMinusOne: true, doc: '' }), '-1 4')).toEqual({
      ok: true,
      value: [-1, 4],
    })
    expect(parseParamText(intList({ default: null, doc: '' }), '')).toEqual({ ok: true, value: null })
    expect(parseParamText(intList({ default: [2], doc: '' }), '').ok).toBe(false)
  })

  it('reads empty or None as null for optional numbers', () => {
    expect(parseParamText(optionalFloat({ default: null, doc: '' }), 'None')).toEqual({
      ok: true,
      value: null,
    })
    expect(parseParamText(optionalInt({ default: null, doc: '' }), '2.5').ok).toBe(false)
    expect(parseParamText(optionalInt({ default: null, min: 0, doc: '' }), '4')).toEqual({
      ok: true,
      value: 4,
    })
  })

  it('writes values back the way it reads them', () => {
    const spec = intOrTuple({ default: 1, length: 2, doc: '' })
    expect(paramText([3, 5])).toBe('3, 5')
    expect(parseParamText(spec, paramText([3, 5]))).toEqual({ ok: true, value: [3, 5] })
    expect(paramText(null)).toBe('')
  })
})
