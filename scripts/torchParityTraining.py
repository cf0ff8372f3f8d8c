"""Golden training runs for the PyTorch parity acceptance test.

Run with Debian's python3-torch:  /usr/bin/python3 scripts/torchParityTraining.py
Writes src/graph/lower/parity/<model>.golden.json, one file per model: the optimizer, the initial
state_dict (PyTorch's default initialization, float32), the data (consumed in order, B rows a
step, as a DataLoader without shuffling) and the loss of every step, before its update, as
`loss.item()` reports it. The same models are written as Triad documents in
src/graph/lower/parity/models.ts; the test checks that their state_dict names and shapes agree.
"""
import json
import os

import torch
import torch.nn as nn

OUT_DIR = os.path.join(os.path.dirname(__file__), '..', 'src', 'graph', 'lower', 'parity')


def f32(t):
    return [float('%.9g' % v) for v in t.detach().reshape(-1).tolist()]


def tensor_json(t):
    return {'shape': list(t.shape), 'dtype': 'f32' if t.is_floating_point() else 'i32',
            'data': f32(t) if t.is_floating_point() else t.reshape(-1).tolist()}


def run(name, model, make_opt, optimizer_config, loss_fn, x, y, batch, steps, clip=None):
    state = {k: {'shape': list(v.shape), 'data': f32(v.float())} for k, v in model.state_dict().items()}
    opt = make_opt(model.parameters())
    model.train()
    losses = []
    for s in range(steps):
        xb = x[s * batch:(s + 1) * batch]
        yb = y[s * batch:(s + 1) * batch]
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        losses.append(loss.item())
    buffers = {k: f32(v.float()) for k, v in model.state_dict().items() if 'running' in k or 'tracked' in k}
    out = {'name': name, 'torch': torch.__version__, 'optimizer': optimizer_config, 'batch': batch,
           'steps': steps, 'x': tensor_json(x[:batch * steps]), 'y': tensor_json(y[:batch * steps]),
           'state': state, 'losses': losses, 'buffersAfter': buffers}
    if clip is not None:
        out['clipGradNorm'] = clip
    path = os.path.join(OUT_DIR, f'{name}.golden.json')
    with open(path, 'w') as f:
        json.dump(out, f)
    print(f'{name}: {steps} steps, loss {losses[0]:.4f} -> {losses[-1]:.4f}, {os.path.getsize(path)} bytes')


class Seq(nn.Module):
    """Submodules named like the document's node ids, applied in order (state_dict = node.param)."""

    def __init__(self, **layers):
        super().__init__()
        self.order = list(layers)
        for k, v in layers.items():
            setattr(self, k, v)

    def forward(self, x):
        for k in self.order:
            x = getattr(self, k)(x)
        return x


os.makedirs(OUT_DIR, exist_ok=True)

# 1. MLP + SGD, cross-entropy
torch.manual_seed(1)
B, S = 8, 30
model = Seq(hidden=nn.Linear(4, 16), act=nn.ReLU(), logits=nn.Linear(16, 3))
x = torch.randn(B * S, 4)
y = (x[:, 0] + x[:, 1] * x[:, 2] > 0).long() + (x[:, 3] > 1).long()
run('mlpSgd', model, lambda p: torch.optim.SGD(p, lr=0.1), {'type': 'sgd', 'lr': 0.1},
    nn.CrossEntropyLoss(), x, y, B, S)


# 2. MLP with residual blocks (a block used twice) + SGD momentum Nesterov + MSE
class Residual(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.dense = nn.Linear(width, width)

    def forward(self, x):
        return x + torch.tanh(self.dense(x))


class ResMlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Linear(5, 7)
        self.res1 = Residual(7)
        self.res2 = Residual(7)
        self.head = nn.Linear(7, 2)

    def forward(self, x):
        return self.head(self.res2(self.res1(self.stem(x))))


torch.manual_seed(2)
B, S = 6, 30
x = torch.randn(B * S, 5)
y = torch.stack([x[:, 0] * x[:, 1], torch.sin(x[:, 2]) - 0.5 * x[:, 4]], 1)
config = {'type': 'sgd', 'lr': 0.05, 'momentum': 0.9, 'nesterov': True, 'weight_decay': 0.001}
run('mlpMomentumMse', ResMlp(),
    lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.001), config,
    nn.MSELoss(), x, y, B, S)

# 3. CNN + Adam
torch.manual_seed(3)
B, S = 6, 25
model = Seq(conv1=nn.Conv2d(1, 4, 3, padding=1), act1=nn.ReLU(), pool=nn.MaxPool2d(2),
            conv2=nn.Conv2d(4, 6, 3), act2=nn.ReLU(), flat=nn.Flatten(), logits=nn.Linear(6 * 2 * 2, 3))
x = torch.randn(B * S, 1, 8, 8)
y = (x[:, 0, :4].mean((1, 2)) > x[:, 0, 4:].mean((1, 2))).long() + (x[:, 0, :, :2].mean((1, 2)) > 0.3).long()
run('cnnAdam', model, lambda p: torch.optim.Adam(p, lr=0.01), {'type': 'adam', 'lr': 0.01},
    nn.CrossEntropyLoss(), x, y, B, S)


# 4. Embedding + self-attention + LayerNorm, AdamW, gradient clipping
class Attn(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(11, 8)
        self.attention = nn.MultiheadAttention(8, 2, batch_first=True)
        self.norm = nn.LayerNorm(8)
        self.ff = nn.Linear(8, 11)

    def forward(self, t):
        e = self.embed(t)
        a = self.attention(e, e, e, need_weights=False)[0]
        return self.ff(torch.nn.functional.gelu(self.norm(e + a))).permute(0, 2, 1)


torch.manual_seed(4)
B, S, T = 4, 20, 7
tokens = torch.randint(0, 11, (B * S, T))
targets = torch.roll(tokens, 1, 1)
run('attentionAdamw', Attn(), lambda p: torch.optim.AdamW(p, lr=0.005, weight_decay=0.01),
    {'type': 'adamw', 'lr': 0.005, 'weight_decay': 0.01}, nn.CrossEntropyLoss(), tokens, targets, B, S, clip=1.0)


# 5. LSTM + RMSprop, regression
class Recurrent(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 8, batch_first=True)
        self.flat = nn.Flatten()
        self.head = nn.Linear(6 * 8, 1)

    def forward(self, x):
        return self.head(self.flat(self.lstm(x)[0]))


torch.manual_seed(5)
B, S = 5, 30
x = torch.randn(B * S, 6, 3)
y = x[:, :, 0].sum(1, keepdim=True) * 0.3 + x[:, -1, 1:2]
run('lstmRmsprop', Recurrent(), lambda p: torch.optim.RMSprop(p, lr=0.005), {'type': 'rmsprop', 'lr': 0.005},
    nn.MSELoss(), x, y, B, S)

# 6. BatchNorm CNN (train mode: batch statistics, running stats updated) + SGD momentum
torch.manual_seed(6)
B, S = 6, 25
model = Seq(conv=nn.Conv2d(2, 4, 3, padding=1), bn=nn.BatchNorm2d(4), act=nn.ReLU(), pool=nn.MaxPool2d(2),
            flat=nn.Flatten(), fc=nn.Linear(4 * 3 * 3, 6), bn1=nn.BatchNorm1d(6), act2=nn.ReLU(),
            logits=nn.Linear(6, 3))
x = torch.randn(B * S, 2, 6, 6) * 2 + 1
y = (x[:, 0].mean((1, 2)) > x[:, 1].mean((1, 2))).long() + (x[:, 0, 0, 0] > 1).long()
run('batchNormCnn', model, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
    {'type': 'sgd', 'lr': 0.05, 'momentum': 0.9}, nn.CrossEntropyLoss(), x, y, B, S)
