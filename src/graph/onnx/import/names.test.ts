import { describe, expect, it } from 'vitest'
import { hasControlCharacter } from '../../fuzz/fuzzing'
import { MAX_NAME_TEXT, nameText } from './names'

describe('nameText', () => {
  it('leaves a clean PyTorch name as it is', () => {
    expect(nameText('/layer.0/self_attn/MatMul_1')).toBe('/layer.0/self_attn/MatMul_1')
    expect(nameText('onnx::Gemm_12')).toBe('onnx::Gemm_12')
  })

  it('escapes newlines, protobuf bytes, DEL, C1 and line separators so the text stays one line', () => {
    expect(nameText('\n\u0010/Relu\t\r')).toBe('\\n\\u0010/Relu\\t\\r')
    expect(nameText('a\u007fb\u0085c\u2028d')).toBe('a\\u007fb\\u0085c\\u2028d')
  })

  it('escapes a lone surrogate but keeps a well-formed pair as one character', () => {
    expect(nameText('x\ud800y')).toBe('x\\ud800y')
    expect(nameText('w😀')).toBe('w😀')
  })

  it('cuts a long name and says how much it left out', () => {
    const text = nameText('a'.repeat(1000))
    expect(text).toBe(`${'a'.repeat(MAX_NAME_TEXT)}… (${1000 - MAX_NAME_TEXT} more characters)`)
    expect(nameText('abcdef', 3)).toBe('abc… (3 more characters)')
  })

  it('gives text without control characters for every possible code unit', () => {
    const all = String.fromCharCode(...Array.from({ length: 0x10000 }, (_, i) => i))
    expect(hasControlCharacter(nameText(all, all.length))).toBe(false)
  })
})
