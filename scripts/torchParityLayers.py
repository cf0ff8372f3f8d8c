"""Golden forward passes of every catalogue layer, computed by PyTorch in float64.

Run with Debian's python3-torch:  /usr/bin/python3 scripts/torchParityLayers.py
Writes src/graph/lower/goldens/layers.golden.json. Each case is one layer node as the document holds
it (type and params, Triad's names = PyTorch's), its inputs (batch dim included; values exactly
representable in float32), the module's state_dict (parameters drawn at random so biases and
affine terms are exercised), the mode (train/eval), the output and, in training mode, the buffers
after the forward pass (BatchNorm's running statistics).
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(7)
DT = torch.float64
OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'graph', 'lower', 'goldens', 'layers.golden.json')
CASES = []


def rnd(*shape, scale=1.0):
    return (torch.randn(*shape, dtype=torch.float32) * scale).to(DT)


def ints(high, *shape):
    return torch.randint(0, high, shape)


def flat(t):
    return t.detach().reshape(-1).tolist()


def case(name, layer, params, inputs, module, mode='eval', ports=None, randomize=True, tol=1e-9):
    """module: an nn.Module (its state is recorded) or a function of the inputs."""
    is_module = isinstance(module, nn.Module)
    if is_module:
        module = module.to(DT)
        if randomize:
            with torch.no_grad():
                for p in module.parameters():
                    p.copy_(rnd(*p.shape, scale=0.5))
        module.train(mode == 'train')
        state = {k: {'shape': list(v.shape), 'data': flat(v.to(DT))} for k, v in module.state_dict().items()}
    else:
        state = {}
    y = module(*inputs)
    if isinstance(y, tuple):
        y = y[0]
    entry = {
        'name': name,
        'layer': layer,
        'params': params,
        'mode': mode,
        'inputs': [{'shape': list(x.shape), 'dtype': 'f32' if x.is_floating_point() else 'i32', 'data': flat(x)}
                   for x in inputs],
        'state': state,
        'output': {'shape': list(y.shape), 'data': flat(y)},
        'tol': tol,
    }
    if ports:
        entry['ports'] = ports
    if is_module and mode == 'train':
        entry['buffersAfter'] = {k: flat(v.to(DT)) for k, v in module.state_dict().items()
                                 if not any(k == n for n, _ in module.named_parameters())}
    CASES.append(entry)


class Fn(nn.Module):
    """A parameter-free function as a module (so train/eval modes apply)."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, *xs):
        return self.fn(*xs)


# ---- core ----
case('dense', 'dense', {'in_features': 5, 'out_features': 3}, [rnd(3, 5)], nn.Linear(5, 3))
case('dense without bias on a sequence', 'dense', {'in_features': 5, 'out_features': 4, 'bias': False},
     [rnd(3, 2, 5)], nn.Linear(5, 4, bias=False))
case('dropout in eval mode', 'dropout', {'p': 0.3}, [rnd(3, 4)], nn.Dropout(0.3))
case('dropout with p 0 in training', 'dropout', {'p': 0.0}, [rnd(3, 4)], nn.Dropout(0.0), mode='train')

# ---- convolution ----
case('conv1d', 'conv1d', {'in_channels': 3, 'out_channels': 4, 'kernel_size': 3, 'stride': 2, 'padding': 1},
     [rnd(3, 3, 9)], nn.Conv1d(3, 4, 3, stride=2, padding=1))
case('conv1d with groups and dilation', 'conv1d',
     {'in_channels': 4, 'out_channels': 6, 'kernel_size': 2, 'groups': 2, 'dilation': 2, 'bias': False},
     [rnd(2, 4, 7)], nn.Conv1d(4, 6, 2, groups=2, dilation=2, bias=False))
case('conv2d', 'conv2d',
     {'in_channels': 3, 'out_channels': 5, 'kernel_size': [3, 2], 'stride': [2, 1], 'padding': [1, 0]},
     [rnd(2, 3, 7, 6)], nn.Conv2d(3, 5, (3, 2), stride=(2, 1), padding=(1, 0)))
case('conv2d with groups and dilation', 'conv2d',
     {'in_channels': 4, 'out_channels': 2, 'kernel_size': 3, 'groups': 2, 'dilation': 2, 'padding': 2},
     [rnd(2, 4, 5, 7)], nn.Conv2d(4, 2, 3, groups=2, dilation=2, padding=2))
case('convTranspose2d', 'convTranspose2d',
     {'in_channels': 4, 'out_channels': 3, 'kernel_size': 3, 'stride': 2, 'padding': 1, 'output_padding': 1},
     [rnd(2, 4, 3, 5)], nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1))
case('convTranspose2d with groups and dilation', 'convTranspose2d',
     {'in_channels': 4, 'out_channels': 6, 'kernel_size': [2, 3], 'groups': 2, 'dilation': 2, 'bias': False},
     [rnd(2, 4, 3, 3)], nn.ConvTranspose2d(4, 6, (2, 3), groups=2, dilation=2, bias=False))

# ---- pooling ----
case('maxPool2d with ceil_mode', 'maxPool2d', {'kernel_size': 3, 'stride': 2, 'padding': 1, 'ceil_mode': True},
     [rnd(2, 3, 7, 8)], nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True))
case('maxPool2d with dilation', 'maxPool2d', {'kernel_size': [2, 3], 'dilation': 2},
     [rnd(2, 2, 7, 9)], nn.MaxPool2d((2, 3), dilation=2))
case('avgPool2d without padding in the count', 'avgPool2d',
     {'kernel_size': 3, 'stride': 2, 'padding': 1, 'ceil_mode': True, 'count_include_pad': False},
     [rnd(2, 3, 7, 8)], nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False))
case('avgPool2d with divisor_override', 'avgPool2d', {'kernel_size': 2, 'divisor_override': 5},
     [rnd(2, 3, 5, 7)], nn.AvgPool2d(2, divisor_override=5))
case('globalAvgPool', 'globalAvgPool', {}, [rnd(2, 3, 5, 7)], nn.AdaptiveAvgPool2d(1))

# ---- normalization ----
def bn_eval(cls, c, **kw):
    """A BatchNorm whose running statistics are not the defaults (so eval mode shows them)."""
    m = cls(c, **kw)
    with torch.no_grad():
        m.running_mean.copy_(rnd(c))
        m.running_var.copy_(rnd(c).abs() + 0.5)
        m.num_batches_tracked.fill_(3)
    return m


case('batchNorm1d in training', 'batchNorm1d', {'num_features': 4}, [rnd(5, 4)], nn.BatchNorm1d(4), mode='train')
case('batchNorm1d on sequences in training', 'batchNorm1d', {'num_features': 3}, [rnd(4, 3, 5)],
     bn_eval(nn.BatchNorm1d, 3), mode='train')
case('batchNorm1d with momentum None in training', 'batchNorm1d', {'num_features': 3, 'momentum': None},
     [rnd(4, 3, 5)], bn_eval(nn.BatchNorm1d, 3, momentum=None), mode='train')
case('batchNorm1d in eval mode', 'batchNorm1d', {'num_features': 4}, [rnd(5, 4)], bn_eval(nn.BatchNorm1d, 4))
case('batchNorm1d without affine or running stats', 'batchNorm1d',
     {'num_features': 4, 'affine': False, 'track_running_stats': False}, [rnd(5, 4)],
     nn.BatchNorm1d(4, affine=False, track_running_stats=False))
case('batchNorm2d in training', 'batchNorm2d', {'num_features': 4, 'momentum': 0.3, 'eps': 0.001},
     [rnd(3, 4, 5, 3)], bn_eval(nn.BatchNorm2d, 4, momentum=0.3, eps=0.001), mode='train')
case('batchNorm2d in eval mode', 'batchNorm2d', {'num_features': 4}, [rnd(3, 4, 5, 3)], bn_eval(nn.BatchNorm2d, 4))
case('layerNorm', 'layerNorm', {'normalized_shape': [5]}, [rnd(3, 2, 5)], nn.LayerNorm(5))
case('layerNorm over two dims', 'layerNorm', {'normalized_shape': [2, 5], 'eps': 0.01}, [rnd(3, 2, 5)],
     nn.LayerNorm([2, 5], eps=0.01))
case('layerNorm without affine', 'layerNorm', {'normalized_shape': [5], 'elementwise_affine': False},
     [rnd(3, 5)], nn.LayerNorm(5, elementwise_affine=False))

# ---- shape ----
case('flatten', 'flatten', {}, [rnd(3, 2, 3, 4)], nn.Flatten())
case('flatten of middle dims', 'flatten', {'start_dim': 2, 'end_dim': 3}, [rnd(3, 2, 3, 4)], nn.Flatten(2, 3))
case('reshape', 'reshape', {'shape': [4, -1]}, [rnd(3, 2, 3, 4)], Fn(lambda x: x.reshape(3, 4, -1)))
case('permute', 'permute', {'dims': [0, 2, 1]}, [rnd(3, 2, 5)], Fn(lambda x: x.permute(0, 2, 1)))
for name, params, shape, kwargs in [
    ('nearest by 2', {'scale_factor': 2}, (2, 3, 4, 5), {'scale_factor': 2}),
    ('nearest to a size', {'size': [5, 7]}, (2, 3, 4, 3), {'size': (5, 7)}),
    ('nearest by 1.5 in 1-D', {'scale_factor': 1.5}, (2, 3, 5), {'scale_factor': 1.5}),
    ('nearest in 3-D', {'scale_factor': 2}, (1, 2, 2, 3, 2), {'scale_factor': 2}),
    ('linear in 1-D', {'size': [8], 'mode': 'linear'}, (2, 3, 5), {'size': 8, 'mode': 'linear'}),
    ('bilinear by 2', {'scale_factor': 2, 'mode': 'bilinear'}, (2, 3, 4, 5), {'scale_factor': 2, 'mode': 'bilinear'}),
    ('bilinear with align_corners', {'size': [7, 4], 'mode': 'bilinear', 'align_corners': True}, (2, 3, 4, 5),
     {'size': (7, 4), 'mode': 'bilinear', 'align_corners': True}),
    ('bicubic by 2', {'scale_factor': 2, 'mode': 'bicubic'}, (1, 2, 4, 5), {'scale_factor': 2, 'mode': 'bicubic'}),
    ('bicubic with align_corners', {'size': [5, 9], 'mode': 'bicubic', 'align_corners': True}, (1, 2, 4, 3),
     {'size': (5, 9), 'mode': 'bicubic', 'align_corners': True}),
    ('trilinear', {'scale_factor': 2, 'mode': 'trilinear'}, (1, 2, 2, 3, 2), {'scale_factor': 2, 'mode': 'trilinear'}),
]:
    case(f'upsample {name}', 'upsample', params, [rnd(*shape)], nn.Upsample(**kwargs), tol=1e-6)

# ---- merge ----
case('concat', 'concat', {}, [rnd(3, 2, 4), rnd(3, 3, 4)], Fn(lambda a, b: torch.cat([a, b], 1)), ports=['in0', 'in1'])
case('concat on the last dim', 'concat', {'dim': -1}, [rnd(3, 2, 4), rnd(3, 2, 1), rnd(3, 2, 2)],
     Fn(lambda a, b, c: torch.cat([a, b, c], -1)), ports=['in0', 'in1', 'in2'])
case('add of three with broadcasting', 'add', {}, [rnd(3, 4), rnd(3, 4), rnd(3, 1)],
     Fn(lambda a, b, c: a + b + c), ports=['in0', 'in1', 'in2'])
case('multiply', 'multiply', {}, [rnd(3, 2, 4), rnd(3, 2, 4)], Fn(lambda a, b: a * b), ports=['in0', 'in1'])

# ---- embedding ----
case('embedding', 'embedding', {'num_embeddings': 7, 'embedding_dim': 4}, [ints(7, 3, 5)], nn.Embedding(7, 4))
case('embedding with padding_idx', 'embedding', {'num_embeddings': 7, 'embedding_dim': 4, 'padding_idx': -2},
     [ints(7, 3, 5)], nn.Embedding(7, 4, padding_idx=-2))
case('embedding with max_norm', 'embedding', {'num_embeddings': 6, 'embedding_dim': 3, 'max_norm': 0.7},
     [torch.tensor([[0, 2, 2], [5, 1, 0]])], nn.Embedding(6, 3, max_norm=0.7))

# ---- recurrent ----
case('lstm', 'lstm', {'input_size': 4, 'hidden_size': 5}, [rnd(3, 6, 4)], nn.LSTM(4, 5, batch_first=True))
case('lstm two layers bidirectional', 'lstm',
     {'input_size': 4, 'hidden_size': 3, 'num_layers': 2, 'bidirectional': True}, [rnd(2, 5, 4)],
     nn.LSTM(4, 3, num_layers=2, bidirectional=True, batch_first=True))
case('lstm with projection and no bias', 'lstm', {'input_size': 3, 'hidden_size': 5, 'proj_size': 2, 'bias': False},
     [rnd(2, 4, 3)], nn.LSTM(3, 5, proj_size=2, bias=False, batch_first=True))
case('gru', 'gru', {'input_size': 4, 'hidden_size': 5}, [rnd(3, 6, 4)], nn.GRU(4, 5, batch_first=True))
case('gru two layers bidirectional', 'gru',
     {'input_size': 4, 'hidden_size': 3, 'num_layers': 2, 'bidirectional': True}, [rnd(2, 5, 4)],
     nn.GRU(4, 3, num_layers=2, bidirectional=True, batch_first=True))

# ---- attention ----
def mha(e, h, **kw):
    m = nn.MultiheadAttention(e, h, batch_first=True, **kw)
    return Fn(lambda *xs: m(xs[0], xs[1] if len(xs) > 1 else xs[0], xs[2] if len(xs) > 2 else
                            (xs[1] if len(xs) > 1 else xs[0]), need_weights=False)[0]), m


def mha_case(name, params, inputs, e, h, ports, **kw):
    fn, m = mha(e, h, **kw)
    m.to(DT)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(rnd(*p.shape, scale=0.5))
    m.eval()
    y = fn(*inputs)
    CASES.append({'name': name, 'layer': 'multiHeadAttention', 'params': params, 'mode': 'eval', 'ports': ports,
                  'inputs': [{'shape': list(x.shape), 'dtype': 'f32', 'data': flat(x)} for x in inputs],
                  'state': {k: {'shape': list(v.shape), 'data': flat(v)} for k, v in m.state_dict().items()},
                  'output': {'shape': list(y.shape), 'data': flat(y)}, 'tol': 1e-9})


mha_case('multiHeadAttention as self-attention', {'embed_dim': 6, 'num_heads': 2}, [rnd(3, 5, 6)], 6, 2, ['query'])
mha_case('multiHeadAttention across sequences', {'embed_dim': 6, 'num_heads': 3}, [rnd(2, 5, 6), rnd(2, 4, 6),
         rnd(2, 4, 6)], 6, 3, ['query', 'key', 'value'])
mha_case('multiHeadAttention with kdim and vdim', {'embed_dim': 4, 'num_heads': 2, 'kdim': 5, 'vdim': 3},
         [rnd(2, 3, 4), rnd(2, 5, 5), rnd(2, 5, 3)], 4, 2, ['query', 'key', 'value'], kdim=5, vdim=3)
mha_case('multiHeadAttention with bias_kv and zero_attn', {'embed_dim': 6, 'num_heads': 2, 'add_bias_kv': True,
         'add_zero_attn': True}, [rnd(2, 3, 6)], 6, 2, ['query'], add_bias_kv=True, add_zero_attn=True)
mha_case('multiHeadAttention without bias', {'embed_dim': 4, 'num_heads': 1, 'bias': False}, [rnd(2, 3, 4)], 4, 1,
         ['query'], bias=False)

# ---- activations ----
for name, layer, params, module in [
    ('relu', 'relu', {}, nn.ReLU()),
    ('leakyRelu', 'leakyRelu', {'negative_slope': 0.2}, nn.LeakyReLU(0.2)),
    ('gelu', 'gelu', {}, nn.GELU()),
    ('gelu with the tanh approximation', 'gelu', {'approximate': 'tanh'}, nn.GELU(approximate='tanh')),
    ('silu', 'silu', {}, nn.SiLU()),
    ('sigmoid', 'sigmoid', {}, nn.Sigmoid()),
    ('tanh', 'tanh', {}, nn.Tanh()),
    ('softmax', 'softmax', {}, nn.Softmax(-1)),
    ('softmax over dim 1', 'softmax', {'dim': 1}, nn.Softmax(1)),
    ('logSoftmax', 'logSoftmax', {}, nn.LogSoftmax(-1)),
]:
    case(name, layer, params, [rnd(3, 4, 5, scale=2)], module)

# ---- losses ----
def loss_case(name, layer, params, inputs, module):
    case(name, layer, params, inputs, module, ports=['input', 'target'])


loss_case('crossEntropy', 'crossEntropy', {}, [rnd(5, 4), ints(4, 5)], nn.CrossEntropyLoss())
loss_case('crossEntropy with ignore_index and label_smoothing', 'crossEntropy',
          {'ignore_index': 1, 'label_smoothing': 0.1}, [rnd(7, 4), torch.tensor([0, 1, 2, 3, 1, 2, 0])],
          nn.CrossEntropyLoss(ignore_index=1, label_smoothing=0.1))
loss_case('crossEntropy summed over spatial dims', 'crossEntropy', {'reduction': 'sum', 'label_smoothing': 0.2},
          [rnd(3, 4, 2, 3), ints(4, 3, 2, 3)], nn.CrossEntropyLoss(reduction='sum', label_smoothing=0.2))
loss_case('crossEntropy without reduction', 'crossEntropy', {'reduction': 'none', 'ignore_index': 0},
          [rnd(5, 3), ints(3, 5)], nn.CrossEntropyLoss(reduction='none', ignore_index=0))
loss_case('crossEntropy with probability targets', 'crossEntropy', {'label_smoothing': 0.1},
          [rnd(5, 4), torch.softmax(rnd(5, 4), -1)], nn.CrossEntropyLoss(label_smoothing=0.1))
loss_case('mseLoss', 'mseLoss', {}, [rnd(3, 4), rnd(3, 4)], nn.MSELoss())
loss_case('mseLoss summed', 'mseLoss', {'reduction': 'sum'}, [rnd(3, 4), rnd(3, 4)], nn.MSELoss(reduction='sum'))
loss_case('l1Loss', 'l1Loss', {}, [rnd(3, 4), rnd(3, 4)], nn.L1Loss())
loss_case('huberLoss', 'huberLoss', {'delta': 0.5}, [rnd(3, 5), rnd(3, 5)], nn.HuberLoss(delta=0.5))
loss_case('huberLoss without reduction', 'huberLoss', {'reduction': 'none'}, [rnd(3, 5), rnd(3, 5)],
          nn.HuberLoss(reduction='none'))
loss_case('bceWithLogitsLoss', 'bceWithLogitsLoss', {}, [rnd(3, 4, scale=4), torch.rand(3, 4, dtype=DT)],
          nn.BCEWithLogitsLoss())
loss_case('bceWithLogitsLoss without reduction', 'bceWithLogitsLoss', {'reduction': 'none'},
          [rnd(3, 4, scale=30), (torch.rand(3, 4) > 0.5).to(DT)], nn.BCEWithLogitsLoss(reduction='none'))

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as f:
    json.dump({'torch': torch.__version__, 'cases': CASES}, f)
print('wrote', len(CASES), 'cases to', os.path.normpath(OUT))
