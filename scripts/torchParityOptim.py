"""Golden trajectories of torch.optim for the engine's optimizers, schedules and gradient clipping.

Run with Debian's python3-torch:  /usr/bin/python3 scripts/torchParityOptim.py
Writes src/engine/optim/goldens/optim.golden.json. Each optimizer case starts from one parameter
vector, feeds a fixed gradient per step and records the parameter after every step (float32, as
torch computes by default). Schedules record the lr after each scheduler.step(); clipping records
clip_grad_norm_'s total norm and the clipped gradients.
"""
import json
import os

import torch

torch.manual_seed(20240601)
STEPS = 8
OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'engine', 'optim', 'goldens', 'optim.golden.json')


def f32(t):
    return [float('%.9g' % v) for v in t.detach().reshape(-1).tolist()]


OPTIMIZERS = [
    ('SGD', {'type': 'sgd', 'lr': 0.1}),
    ('SGD', {'type': 'sgd', 'lr': 0.1, 'weight_decay': 0.01}),
    ('SGD', {'type': 'sgd', 'lr': 0.05, 'momentum': 0.9}),
    ('SGD', {'type': 'sgd', 'lr': 0.05, 'momentum': 0.9, 'dampening': 0.1}),
    ('SGD', {'type': 'sgd', 'lr': 0.05, 'momentum': 0.8, 'nesterov': True, 'weight_decay': 0.001}),
    ('SGD', {'type': 'sgd', 'lr': 0.1, 'maximize': True}),
    ('Adam', {'type': 'adam', 'lr': 0.01}),
    ('Adam', {'type': 'adam', 'lr': 0.01, 'weight_decay': 0.1, 'amsgrad': True}),
    ('Adam', {'type': 'adam', 'lr': 0.02, 'betas': [0.5, 0.9], 'eps': 1e-6}),
    ('AdamW', {'type': 'adamw', 'lr': 0.01}),
    ('AdamW', {'type': 'adamw', 'lr': 0.01, 'weight_decay': 0.1, 'amsgrad': True}),
    ('RMSprop', {'type': 'rmsprop', 'lr': 0.01}),
    ('RMSprop', {'type': 'rmsprop', 'lr': 0.01, 'centered': True, 'momentum': 0.9, 'weight_decay': 0.01}),
    ('RMSprop', {'type': 'rmsprop', 'lr': 0.005, 'momentum': 0.5, 'alpha': 0.9, 'eps': 1e-4}),
]

p0 = torch.randn(7)
grads = [torch.randn(7) * (0.1 + 0.5 * k) for k in range(STEPS)]
# a zero entry checks the first-step and sqrt(0) corners
for g in grads:
    g[3] = 0.0

optimizer_cases = []
for cls, config in OPTIMIZERS:
    kwargs = {k: (tuple(v) if k == 'betas' else v) for k, v in config.items() if k != 'type'}
    p = torch.nn.Parameter(p0.clone())
    opt = getattr(torch.optim, cls)([p], **kwargs)
    params = []
    for g in grads:
        p.grad = g.clone()
        opt.step()
        params.append(f32(p))
    optimizer_cases.append({'config': config, 'params': params})


def lrs(make, steps=12, base=0.1):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=base)
    sched = make(opt)
    out = [opt.param_groups[0]['lr']]
    for _ in range(steps):
        opt.step()
        sched.step()
        out.append(opt.param_groups[0]['lr'])
    return out


S = torch.optim.lr_scheduler
schedule_cases = [
    {'schedule': {'type': 'step', 'step_size': 3, 'gamma': 0.5}, 'lrs': lrs(lambda o: S.StepLR(o, 3, 0.5))},
    {'schedule': {'type': 'cosine', 'T_max': 10, 'eta_min': 0.001},
     'lrs': lrs(lambda o: S.CosineAnnealingLR(o, 10, 0.001))},
    {'schedule': {'type': 'linear', 'start_factor': 0.25, 'total_iters': 4},
     'lrs': lrs(lambda o: S.LinearLR(o, 0.25, total_iters=4))},
]

a = torch.nn.Parameter(torch.zeros(3, 5))
b = torch.nn.Parameter(torch.zeros(7))
ga = torch.randn(3, 5)
gb = torch.randn(7)
clip_cases = []
for max_norm in (1.0, 100.0):
    a.grad = ga.clone()
    b.grad = gb.clone()
    total = torch.nn.utils.clip_grad_norm_([a, b], max_norm)
    clip_cases.append({'max_norm': max_norm, 'grads': [f32(ga), f32(gb)], 'total_norm': float(total),
                       'clipped': [f32(a.grad), f32(b.grad)]})

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as f:
    json.dump({'torch': torch.__version__, 'p0': f32(p0), 'grads': [f32(g) for g in grads],
               'optimizers': optimizer_cases, 'schedules': schedule_cases, 'clip': clip_cases}, f)
print('wrote', os.path.normpath(OUT))
