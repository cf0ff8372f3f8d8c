#!/usr/bin/python3
"""ONNX import fixtures: small PyTorch models exported with torch.onnx.export, with PyTorch's output.

Run with Debian's Python (python3-torch 1.13, python3-onnx), from the repository root:

    /usr/bin/python3 scripts/onnxImportFixtures.py

Writes src/graph/onnx/import/fixtures/<name>-opset<k>.onnx and <name>-opset<k>.json, the JSON holding
a fixed input and PyTorch's eval-mode output ({"input": {"shape", "data"}, "output": {...}}).
Every model is in eval mode with non-trivial weights (BatchNorm running statistics included).
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'graph', 'onnx', 'import', 'fixtures')


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 16)
        self.drop = nn.Dropout(0.3)
        self.fc2 = nn.Linear(16, 16)
        self.act2 = nn.GELU()
        self.fc3 = nn.Linear(16, 12)
        self.fc4 = nn.Linear(12, 8)
        self.fc5 = nn.Linear(8, 3)

    def forward(self, x):
        h = self.drop(torch.relu(self.fc1(x)))
        h = self.act2(self.fc2(h))
        h = F.leaky_relu(self.fc3(h), 0.2)
        h = torch.sigmoid(self.fc4(torch.tanh(h)))
        return F.log_softmax(self.fc5(h), dim=1)


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(4, 8, 3, bias=False)
        self.bn2 = nn.BatchNorm2d(8)
        self.pool2 = nn.AvgPool2d(2)
        self.fc = nn.Linear(32, 10)
        self.bn3 = nn.BatchNorm1d(10)

    def forward(self, x):
        h = self.pool1(torch.relu(self.bn1(self.conv1(x))))
        h = self.pool2(torch.relu(self.bn2(self.conv2(h))))
        h = h.view(h.size(0), -1)  # the Shape/Gather/Unsqueeze/Concat/Reshape pattern
        return torch.softmax(self.bn3(self.fc(h)), dim=-1)


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.bn0 = nn.BatchNorm2d(8)
        self.conv1 = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(8)
        self.mix = nn.Conv2d(16, 8, 1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        s = torch.relu(self.bn0(self.stem(x)))
        h = torch.relu(self.bn1(self.conv1(s)))
        h = torch.relu(self.bn2(self.conv2(h)) + s)
        h = self.mix(torch.cat([h, s], dim=1))
        return self.fc(torch.flatten(self.pool(h), 1))


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(
            d_model=32, nhead=2, dim_feedforward=64, dropout=0.1, batch_first=True
        )
        self.head = nn.Linear(32, 4)

    def forward(self, x):
        return self.head(self.layer(x))


class ConvMix(nn.Module):
    """Conv1d, a reshape to 4-D, ConvTranspose2d, a gate (Mul), a permute and Flatten."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 6, 3, padding=1)
        self.up = nn.ConvTranspose2d(6, 3, 2, stride=2)
        self.flat = nn.Flatten()
        self.fc = nn.Linear(120, 2)

    def forward(self, x):
        h = torch.relu(self.conv(x))
        h = h.view(h.size(0), 6, 2, 5)
        h = self.up(h)
        h = h * torch.sigmoid(h)
        h = h.permute(0, 2, 3, 1)
        return self.fc(self.flat(h))


def randomize(model):
    """Non-trivial weights: every parameter and BatchNorm statistic drawn, variances positive."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 1:
                p.copy_(torch.randn_like(p) * 0.3 + (1.0 if name.endswith('weight') else 0.0))
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.running_mean.copy_(torch.randn_like(m.running_mean) * 0.5)
                m.running_var.copy_(torch.rand_like(m.running_var) + 0.5)


def tensor_json(t):
    t = t.detach().contiguous().float()
    return {'shape': list(t.shape), 'data': [float(v) for v in t.flatten().tolist()]}


MODELS = [
    ('mlp', Mlp, [5, 6]),
    ('cnn', Cnn, [3, 1, 12, 12]),
    ('residual', Residual, [2, 3, 8, 8]),
    ('transformer', Encoder, [2, 6, 32]),
    ('convmix', ConvMix, [2, 4, 10]),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, cls, shape in MODELS:
        torch.manual_seed(0)
        model = cls()
        randomize(model)
        model.eval()
        x = torch.randn(*shape)
        with torch.no_grad():
            y = model(x)
        for opset in (13, 17):
            stem = os.path.join(OUT, f'{name}-opset{opset}')
            # PRESERVE keeps BatchNormalization (EVAL would fold it into the Conv before it)
            torch.onnx.export(
                model,
                x,
                f'{stem}.onnx',
                opset_version=opset,
                input_names=['x'],
                output_names=['y'],
                dynamic_axes={'x': {0: 'N'}, 'y': {0: 'N'}},
                training=torch.onnx.TrainingMode.PRESERVE,
            )
            with open(f'{stem}.json', 'w') as f:
                json.dump({'torch': torch.__version__, 'opset': opset, 'input': tensor_json(x),
                           'output': tensor_json(y)}, f)
            print(f'{stem}.onnx', os.path.getsize(f'{stem}.onnx'), 'bytes')


if __name__ == '__main__':
    main()
