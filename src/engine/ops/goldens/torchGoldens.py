"""Golden values for the engine's primitives, computed by PyTorch in float64.

Run with Debian's python3-torch:  /usr/bin/python3 src/engine/ops/goldens/torchGoldens.py
It writes ops.golden.json beside itself. Each case names a GraphBuilder method (`op`), its
keyword options (PyTorch's names), the inputs, the output and the gradient of sum(output * upstream)
with respect to each float input. Non-finite numbers are written as the strings "nan", "inf", "-inf".
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.manual_seed(1234)
DT = torch.float64
CASES = []


def enc(t):
    return [v if math.isfinite(v) else ('nan' if math.isnan(v) else ('inf' if v > 0 else '-inf'))
            for v in t.detach().reshape(-1).tolist()]


def tensor(shape, values=None, kind='normal'):
    if values is not None:
        return torch.tensor(values, dtype=DT).reshape(shape)
    if kind == 'distinct':
        n = int(torch.tensor(shape).prod().item()) if shape else 1
        return (torch.randperm(n).to(DT) * 0.07 - n * 0.03).reshape(shape)
    # f32-representable inputs, so the f32 run of the engine starts from exactly the same numbers
    return torch.randn(shape, dtype=torch.float32).to(DT)


def case(name, op, fn, inputs, options=None, int_inputs=(), grads=True):
    """fn: the PyTorch computation on the input tensors; int_inputs: indices of i32 inputs."""
    xs = [x.clone().requires_grad_(grads and i not in int_inputs and x.is_floating_point())
          for i, x in enumerate(inputs)]
    y = fn(*xs)
    entry = {
        'name': name,
        'op': op,
        'options': options,
        'inputs': [{'shape': list(x.shape), 'dtype': 'i32' if i in int_inputs else 'f32', 'data': enc(x)}
                   for i, x in enumerate(inputs)],
        'output': {'shape': list(y.shape), 'dtype': 'i32' if y.dtype in (torch.int64, torch.int32) else 'f32',
                   'data': enc(y)},
    }
    if grads and y.is_floating_point():
        upstream = torch.randn(y.shape, dtype=torch.float32).to(DT)
        params = [x for x in xs if x.requires_grad]
        gs = torch.autograd.grad((y * upstream).sum(), params, allow_unused=True)
        entry['upstream'] = enc(upstream)
        it = iter(gs)
        entry['grads'] = [enc(next(it)) if x.requires_grad else None for x in xs]
    CASES.append(entry)


# ---- convolutions ----
for (n, c, h, w), (o, kh, kw), opt in [
    ((2, 3, 7, 9), (5, 3, 3), {'padding': 1}),
    ((1, 3, 9, 7), (3, 3, 3), {'stride': 2, 'dilation': 2, 'padding': [2, 1]}),
    ((1, 4, 7, 5), (6, 3, 1), {'groups': 2, 'stride': [2, 1]}),
    ((2, 3, 8, 7), (3, 2, 3), {'groups': 3, 'stride': 3, 'padding': 1}),
]:
    g = opt.get('groups', 1)
    x, wt = tensor((n, c, h, w)), tensor((o, c // g, kh, kw))
    case(f'conv2d {list(x.shape)} * {list(wt.shape)} {opt}', 'conv2d',
         lambda x, wt, opt=opt: F.conv2d(x, wt, **opt), [x, wt], opt)

for (n, c, h, w), (og, kh, kw), opt in [
    ((2, 3, 5, 4), (5, 3, 3), {'stride': 2, 'padding': 1, 'output_padding': 1}),
    ((1, 4, 3, 5), (3, 3, 2), {'groups': 2, 'dilation': 2, 'output_padding': 1}),
    ((1, 2, 3, 3), (1, 3, 3), {'stride': [3, 1], 'padding': [0, 1]}),
    ((2, 2, 4, 3), (3, 2, 2), {'stride': 2, 'dilation': [1, 2], 'padding': [1, 0]}),
]:
    x, wt = tensor((n, c, h, w)), tensor((c, og, kh, kw))
    case(f'conv_transpose2d {list(x.shape)} * {list(wt.shape)} {opt}', 'convTranspose2d',
         lambda x, wt, opt=opt: F.conv_transpose2d(x, wt, **opt), [x, wt], opt)

# ---- pooling ----
for shape, opt in [
    ((2, 3, 7, 9), {'kernel_size': 3, 'stride': 2, 'padding': 1}),
    ((1, 3, 5, 7), {'kernel_size': 2, 'ceil_mode': True}),
    ((1, 2, 7, 5), {'kernel_size': [3, 2], 'stride': 1, 'dilation': 2}),
    ((1, 1, 6, 6), {'kernel_size': 3, 'stride': 2, 'padding': 1, 'ceil_mode': True}),
]:
    x = tensor(shape, kind='distinct')
    case(f'max_pool2d {list(shape)} {opt}', 'maxPool2d', lambda x, opt=opt: F.max_pool2d(x, **opt), [x], opt)
    _, idx = F.max_pool2d(x, return_indices=True, **opt)
    planes = torch.arange(shape[0] * shape[1]).reshape(shape[0], shape[1], 1, 1) * shape[2] * shape[3]
    CASES.append({'name': f'max_pool2d indices {list(shape)} {opt}', 'op': 'maxPool2dIndices', 'options': opt,
                  'inputs': [{'shape': list(shape), 'dtype': 'f32', 'data': enc(x)}],
                  'output': {'shape': list(idx.shape), 'dtype': 'i32', 'data': (idx + planes).reshape(-1).tolist()}})

for shape, opt in [
    ((2, 3, 7, 9), {'kernel_size': 3, 'stride': 2, 'padding': 1}),
    ((1, 3, 8, 7), {'kernel_size': 3, 'stride': 2, 'padding': 1, 'count_include_pad': False, 'ceil_mode': True}),
    ((1, 2, 5, 5), {'kernel_size': 2, 'padding': 1, 'ceil_mode': True}),
    ((1, 1, 5, 5), {'kernel_size': 2, 'stride': 2, 'padding': 1, 'ceil_mode': True, 'count_include_pad': True}),
    ((1, 3, 5, 7), {'kernel_size': [2, 3], 'stride': [1, 2], 'divisor_override': 5}),
    # the last window overhangs the right padding: PyTorch clips it there for the divisor
    ((1, 2, 6, 6), {'kernel_size': 3, 'stride': 2, 'padding': 1, 'ceil_mode': True}),
    ((1, 1, 7, 6), {'kernel_size': [3, 2], 'stride': [3, 2], 'padding': 1, 'ceil_mode': True}),
]:
    x = tensor(shape)
    case(f'avg_pool2d {list(shape)} {opt}', 'avgPool2d', lambda x, opt=opt: F.avg_pool2d(x, **opt), [x], opt)

# ---- elementwise semantics at the edges ----
nan, inf = float('nan'), float('inf')
a = tensor((7,), [1.0, 3.0, -2.0, 0.0, 5.0, -1.0, 2.5])
b = tensor((7,), [1.0, 2.0, -2.0, 0.0, 6.0, -1.0, 2.5])
case('maximum with ties splits the gradient', 'maximum', torch.maximum, [a, b])
case('minimum with ties splits the gradient', 'minimum', torch.minimum, [a, b])
case('pow at zero bases and zero exponents', 'pow', torch.pow,
     [tensor((6,), [0.0, 0.0, 2.0, 1.5, 0.0, 3.0]), tensor((6,), [2.0, 0.0, 0.0, -1.5, 0.5, 2.0])])
case('pow of a negative base', 'pow', torch.pow, [tensor((2,), [-2.0, -8.0]), tensor((2,), [0.5, 2.0])], grads=False)
case('sign of NaN, zeros and signs', 'sign', torch.sign, [tensor((5,), [nan, -0.0, 0.0, -3.0, 2.0])], grads=False)
case('relu keeps NaN', 'relu', torch.relu, [tensor((4,), [nan, -1.0, 0.0, 2.0])], grads=False)
case('maximum propagates NaN', 'maximum', torch.maximum,
     [tensor((3,), [nan, 1.0, 2.0]), tensor((3,), [1.0, nan, 1.0])], grads=False)
case('sigmoid saturates without NaN', 'sigmoid', torch.sigmoid,
     [tensor((5,), [-800.0, -30.0, 0.0, 30.0, 800.0])])
case('exp and log at the edges', 'log', torch.log, [tensor((4,), [0.0, -1.0, inf, 1.0])], grads=False)
case('erf across its range', 'erf', torch.erf,
     [tensor((11,), [-7.0, -4.5, -3.0, -2.99, -1.1, 0.0, 0.3, 2.2, 3.01, 5.5, 7.0])])
case('tanh of large values', 'tanh', torch.tanh, [tensor((4,), [-50.0, -0.5, 0.5, 50.0])])

# ---- reductions ----
x = tensor((3, 4), [1.0, 5.0, 5.0, 2.0, 0.0, -1.0, -1.0, -1.0, 7.0, 7.0, 7.0, 7.0])
case('amax with ties shares the gradient evenly', 'max', lambda x: torch.amax(x, 1), [x], {'axes': 1})
case('amax propagates NaN', 'max', lambda x: torch.amax(x, 0), [tensor((2, 2), [nan, 1.0, 0.0, 2.0])], {'axes': 0},
     grads=False)
x = tensor((3, 5, 7))
case('sum over axes 0 and 2 with keepdim', 'sum', lambda x: torch.sum(x, (0, 2), keepdim=True), [x],
     {'axes': [0, 2], 'keepdims': True})

# ---- matmul ----
case('matmul broadcasting batch dims', 'matmul', torch.matmul, [tensor((2, 1, 3, 5)), tensor((3, 5, 7))])
case('matmul of a vector and a batch', 'matmul', torch.matmul, [tensor((5,)), tensor((3, 5, 2))])

# ---- indexing and conversions ----
table = tensor((5, 3))
ids = torch.tensor([[4, 0, 4], [2, 2, 1]])
case('embedding lookup with repeated ids accumulates gradients', 'gather', lambda t, i: F.embedding(i, t),
     [table, ids], int_inputs=(1,))
case('cast to int32 truncates toward zero', 'cast', lambda x: x.to(torch.int32),
     [tensor((6,), [-2.7, -0.5, 0.4, 1.6, 3.9, -1.0])], {'dtype': 'i32'}, grads=False)

# ---- composites ----
x = tensor((3, 5), [0.5, -1.0, 2.0, 0.0, 1.0, -inf, -inf, -inf, -inf, -inf, 100.0, 101.0, 99.0, -inf, 100.5])
case('logsumexp over rows, one all -inf', 'logsumexp', lambda x: torch.logsumexp(x, 1), [x], {'axes': 1},
     grads=False)
x = tensor((3, 5))
case('logsumexp over rows', 'logsumexp', lambda x: torch.logsumexp(x, 1), [x], {'axes': 1})
case('softmax over the last axis', 'softmax', lambda x: torch.softmax(x, -1), [x], {'axis': -1})
case('log_softmax over axis 0', 'logSoftmax', lambda x: torch.log_softmax(x, 0), [x], {'axis': 0})
case('mean over axis 1', 'mean', lambda x: torch.mean(x, 1), [x], {'axes': 1})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'ops.golden.json')
with open(out, 'w') as f:
    json.dump({'generator': 'torchGoldens.py', 'torch': torch.__version__, 'cases': CASES}, f, separators=(',', ':'))
print(f'wrote {len(CASES)} cases to {out}')
