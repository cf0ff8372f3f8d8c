import { describe, expect, it } from 'vitest'
import { findTemplate, TEMPLATES } from '../templates'
import { exportPyTorch } from './exportPyTorch'
import { emitModelPy } from './modelPy'
import { className, NameTable, pyFloat, pyString } from './python'
import { singleLayerDoc } from './pytorchTesting'
import { awkwardNamesDoc, nestedBlocksDoc, unusedBranchDoc } from './specialDocs'

const template = (id: string) => findTemplate(id)!.create()

/** The lines of a file, trimmed. */
const lines = (text: string) => text.split('\n').map((l) => l.trim())

describe('exportPyTorch', () => {
  it('gives the same bytes for the same document, for every template', () => {
    for (const t of TEMPLATES) {
      const a = exportPyTorch(t.create())
      const b = exportPyTorch(t.create())
      expect(a['model.py'], t.id).toBe(b['model.py'])
      expect(a['train.py'], t.id).toBe(b['train.py'])
    }
  })

  it('names submodules by node id and writes forward in topological order', () => {
    const py = exportPyTorch(template('mlp-spirals'))['model.py']
    expect(py).toContain('class MlpSpirals(nn.Module):')
    expect(py).toContain('self.hidden1 = nn.Linear(2, 16)')
    expect(py).toContain('self.logits = nn.Linear(16, 2)')
    expect(py).toContain("INPUTS = (('point', (2,), 'float32'),)")
    const body = lines(py)
    const at = (s: string) => body.findIndex((l) => l.startsWith(s))
    expect(at('def forward(self, point):')).toBeGreaterThan(0)
    expect(at('hidden1 = self.hidden1(point)  # [N, 16]')).toBeLessThan(at('act1 = self.act1(hidden1)'))
    expect(at('act2 = self.act2(hidden2)')).toBeLessThan(at('logits = self.logits(act2)  # [N, 2]'))
    expect(body).toContain('return logits')
    expect(py).toContain('Model = MlpSpirals')
  })

  it('makes each block a class and each instance a nested module, so keys read res1.conv1.weight', () => {
    const py = exportPyTorch(template('resnet-block'))['model.py']
    expect(py).toContain('class Residual(nn.Module):')
    expect(py).toContain('self.res1 = Residual()')
    expect(py).toContain('self.res2 = Residual()')
    expect(py).toContain('self.conv1 = nn.Conv2d(16, 16, 3, padding=1, bias=False)')
    expect(py).toContain('skip = x + bn2')
    expect(py.match(/^class Residual\(/gm)).toHaveLength(1)
  })

  it("writes the dims whose defaults differ from PyTorch's: Softmax's and torch.cat's", () => {
    const softmax = exportPyTorch(singleLayerDoc('softmax', {}, [{ shape: [4] }]))['model.py']
    expect(softmax).toContain('self.layer = nn.Softmax(dim=-1)')
    const cat = exportPyTorch(singleLayerDoc('concat', {}, [{ shape: [2] }, { shape: [3] }]))['model.py']
    expect(cat).toContain('layer = torch.cat([x0, x1], dim=1)')
    const gan = exportPyTorch(template('gan'))['model.py']
    expect(gan).toContain('batch = torch.cat([fake, real], dim=0)')
  })

  it('keeps recurrent and attention layers batch-first and returns only their output sequence', () => {
    const py = exportPyTorch(template('char-transformer'))['model.py']
    expect(py).toContain('self.attention = nn.MultiheadAttention(64, 4, batch_first=True)')
    expect(py).toContain('attention = self.attention(embed, embed, embed, need_weights=False)[0]')
    const lstm = exportPyTorch(singleLayerDoc('lstm', { input_size: 3, hidden_size: 4 }, [{ shape: [5, 3] }]))
    expect(lstm['model.py']).toContain('self.layer = nn.LSTM(3, 4, batch_first=True)')
    expect(lstm['model.py']).toContain('layer = self.layer(x0)[0]')
  })

  it('defines a LayerNorm without bias for torch < 2.1, once, only when a node needs it', () => {
    const doc = singleLayerDoc('layerNorm', { normalized_shape: [4], bias: false }, [{ shape: [4] }])
    const py = exportPyTorch(doc)['model.py']
    expect(py.match(/^class LayerNormWithoutBias\(/gm)).toHaveLength(1)
    expect(py).toContain('self.layer = LayerNormWithoutBias([4])')
    expect(exportPyTorch(template('char-transformer'))['model.py']).not.toContain('LayerNormWithoutBias')
  })

  it('registers ids Python or nn.Module will not take under their exact names, and renames only locals', () => {
    const py = exportPyTorch(awkwardNamesDoc())['model.py']
    expect(py).toContain("self._modules['forward'] = nn.Linear(3, 4)")
    expect(py).toContain("self._modules['x$1'] = nn.LayerNorm([4])")
    expect(py).toContain("self._modules['_private'] = nn.Linear(4, 2)")
    expect(py).toContain('self.torch = nn.Linear(4, 4)')
    expect(py).toContain('def forward(self, self_2):')
    expect(py).toContain("lambda_ = self._modules['lambda'](forward)")
    expect(py).toContain('class Model3AwkwardNames(nn.Module):')
    expect(py).toContain('a docstring with \\"\\"\\" and \\\\ in it.')
  })

  it('keeps modules no output needs (for the state_dict) but leaves them, and their inputs, out of forward', () => {
    const files = exportPyTorch(unusedBranchDoc())
    const py = files['model.py']
    expect(py).toContain('self.side = nn.Linear(3, 5)  # no output needs it: kept so the state_dict matches')
    expect(py).toContain('def forward(self, x):')
    expect(py).not.toContain('self.side(')
    expect(files['train.py']).toContain('FIND_UNUSED_PARAMETERS = True')
    expect(exportPyTorch(template('mlp-spirals'))['train.py']).toContain('FIND_UNUSED_PARAMETERS = False')
  })

  it('unpacks a block with two outputs and returns a dict when the model has several', () => {
    const py = exportPyTorch(nestedBlocksDoc())['model.py']
    expect(py).toContain('return fc, gate')
    expect(py).toContain('inner_linear, inner_gated = self.inner(h)')
    expect(py).toContain("return {'both': both, 'second': second}")
    expect(py).toContain("OUTPUTS = ('both', 'second')")
  })

  it("puts the document's training setup in train.py and tells DDP about the GAN's unused branch", () => {
    const gan = exportPyTorch(template('gan'))['train.py']
    expect(gan).toContain(
      "TRAINING = {'loss': 'bce_with_logits', 'optimizer': {'type': 'adam', 'lr': 0.0002, 'betas': [0.5, 0.999]}, 'batch_size': 64, 'epochs': 20, 'seed': 0, 'dataset': 'mnist'}",
    )
    expect(gan).toContain('python3 train.py --x noise.npy real.npy --y y.npy')
    expect(gan).toContain('FIND_UNUSED_PARAMETERS = True')
    const resnet = exportPyTorch(template('resnet-block'))['train.py']
    expect(resnet).toContain(
      "'optimizer': {'type': 'sgd', 'lr': 0.05, 'momentum': 0.9, 'weight_decay': 0.0001}",
    )
    expect(resnet).toContain('torchrun --nproc_per_node=2 train.py --x x.npy --y y.npy')
  })

  it('writes a train.py that asks for --loss, --optimizer and --lr when the document has no setup', () => {
    const { training: _, ...doc } = template('mlp-spirals')
    const py = exportPyTorch(doc)['train.py']
    expect(py).toContain('TRAINING = None')
    expect(py).toContain('The document has no training setup: pass --loss, --optimizer and --lr.')
  })

  it('refuses a document whose shapes do not check, naming the node', () => {
    const doc = singleLayerDoc('dense', { in_features: 3, out_features: 2 }, [{ shape: [4] }])
    expect(() => exportPyTorch(doc)).toThrow(/Cannot export "dense-test" to PyTorch: node layer/)
  })

  it('reports the inputs, outputs and class train.py relies on', () => {
    const { info } = emitModelPy(template('char-transformer'))
    expect(info).toEqual({
      className: 'CharTransformer',
      inputs: [{ name: 'tokens', shape: [64], dtype: 'int64' }],
      outputs: ['logits'],
      findUnusedParameters: false,
    })
  })
})

describe('Python text', () => {
  it('writes floats with a point and strings that Python reads back', () => {
    expect(pyFloat(1)).toBe('1.0')
    expect(pyFloat(1e-5)).toBe('0.00001')
    expect(pyFloat(1e-7)).toBe('1e-7')
    expect(pyString('it\'s \\ "x"\n')).toBe(`'it\\'s \\\\ "x"\\n'`)
  })

  it('turns document names into class names and hands out each local name once', () => {
    expect(className('mlp-spirals')).toBe('MlpSpirals')
    expect(className('3d unet')).toBe('Model3dUnet')
    expect(className('---')).toBe('Model')
    const names = new NameTable(['self'])
    expect([names.claim('self'), names.claim('x$'), names.claim('x_'), names.claim('class')]).toEqual([
      'self_2',
      'x_',
      'x__2',
      'class_',
    ])
  })
})
