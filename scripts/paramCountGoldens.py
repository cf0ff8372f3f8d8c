"""Golden parameter counts and output shapes from PyTorch for Triad's layer catalogue.

Builds each layer with PyTorch (torch 1.13 or 2.x), counts its trainable parameters as
`sum(p.numel() for p in m.parameters())` (buffers excluded) and runs one forward pass on a
batch of 2 to record the output shape (batch dim written back as "N"). Params use Triad's names,
which are PyTorch's constructor names. Prints JSON to stdout:

    /usr/bin/python3 scripts/paramCountGoldens.py > src/graph/layers/paramCounts.golden.json
    (or: npm run goldens)
"""

import json

import torch
import torch.nn as nn

BATCH = 2

# (type, params in Triad's names, input shapes per port with "N" for the batch, input dtypes)
CASES = [
    ("dense", {"in_features": 20, "out_features": 30}, [["N", 20]]),
    ("dense", {"in_features": 7, "out_features": 3, "bias": False}, [["N", 5, 7]]),
    ("dense", {"in_features": 1, "out_features": 1}, [["N", 1]]),
    ("conv1d", {"in_channels": 3, "out_channels": 8, "kernel_size": 5, "stride": 2, "padding": 1}, [["N", 3, 17]]),
    (
        "conv1d",
        {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "groups": 2, "bias": False, "dilation": 2},
        [["N", 4, 12]],
    ),
    ("conv2d", {"in_channels": 3, "out_channels": 16, "kernel_size": 3, "padding": 1}, [["N", 3, 28, 28]]),
    (
        "conv2d",
        {
            "in_channels": 6,
            "out_channels": 9,
            "kernel_size": [3, 5],
            "stride": [2, 1],
            "padding": [1, 2],
            "groups": 3,
            "bias": False,
        },
        [["N", 6, 15, 10]],
    ),
    ("conv2d", {"in_channels": 5, "out_channels": 7, "kernel_size": 4, "dilation": 2, "stride": 3}, [["N", 5, 13, 11]]),
    (
        "convTranspose2d",
        {"in_channels": 8, "out_channels": 4, "kernel_size": 4, "stride": 2, "padding": 1},
        [["N", 8, 7, 7]],
    ),
    (
        "convTranspose2d",
        {
            "in_channels": 6,
            "out_channels": 9,
            "kernel_size": [3, 2],
            "stride": 2,
            "output_padding": 1,
            "groups": 3,
            "bias": False,
        },
        [["N", 6, 5, 4]],
    ),
    (
        "convTranspose2d",
        {"in_channels": 4, "out_channels": 2, "kernel_size": 3, "stride": 3, "dilation": 2, "output_padding": [2, 0]},
        [["N", 4, 3, 6]],
    ),
    ("maxPool2d", {"kernel_size": 2}, [["N", 3, 28, 28]]),
    ("maxPool2d", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}, [["N", 3, 10, 9]]),
    ("maxPool2d", {"kernel_size": [3, 2], "stride": 1, "dilation": 2}, [["N", 2, 9, 8]]),
    (
        "avgPool2d",
        {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False},
        [["N", 2, 9, 8]],
    ),
    ("avgPool2d", {"kernel_size": 2}, [["N", 4, 7, 7]]),
    ("globalAvgPool", {}, [["N", 12, 5, 3]]),
    ("batchNorm1d", {"num_features": 10}, [["N", 10]]),
    ("batchNorm1d", {"num_features": 6, "affine": False}, [["N", 6, 11]]),
    ("batchNorm2d", {"num_features": 16}, [["N", 16, 4, 4]]),
    (
        "batchNorm2d",
        {"num_features": 5, "affine": False, "track_running_stats": False, "momentum": None, "eps": 1e-3},
        [["N", 5, 3, 3]],
    ),
    ("layerNorm", {"normalized_shape": [32]}, [["N", 10, 32]]),
    ("layerNorm", {"normalized_shape": [5, 7], "elementwise_affine": False}, [["N", 3, 5, 7]]),
    ("layerNorm", {"normalized_shape": [4, 6]}, [["N", 4, 6]]),
    ("dropout", {"p": 0.3}, [["N", 9]]),
    ("flatten", {}, [["N", 3, 4, 5]]),
    ("flatten", {"start_dim": 2, "end_dim": 3}, [["N", 2, 3, 4, 5]]),
    ("reshape", {"shape": [-1, 4]}, [["N", 3, 8]]),
    ("reshape", {"shape": [2, 3, 4]}, [["N", 24]]),
    ("permute", {"dims": [0, 2, 1]}, [["N", 3, 8]]),
    ("concat", {"dim": 1}, [["N", 3, 4], ["N", 5, 4]]),
    ("concat", {"dim": -1}, [["N", 3, 4], ["N", 3, 2], ["N", 3, 1]]),
    ("add", {}, [["N", 3, 1], ["N", 1, 4]]),
    ("multiply", {}, [["N", 6], ["N", 6]]),
    ("upsample", {"scale_factor": 2}, [["N", 3, 5, 7]]),
    ("upsample", {"size": [7, 9], "mode": "bilinear", "align_corners": True}, [["N", 3, 5, 4]]),
    ("upsample", {"scale_factor": 1.5, "mode": "bilinear"}, [["N", 3, 5, 7]]),
    ("upsample", {"scale_factor": 2, "mode": "linear"}, [["N", 3, 5]]),
    ("upsample", {"size": [4]}, [["N", 2, 3, 5]]),
    ("embedding", {"num_embeddings": 1000, "embedding_dim": 64}, [["N", 12]], ["int"]),
    ("embedding", {"num_embeddings": 37, "embedding_dim": 5, "padding_idx": 0}, [["N", 3, 7]], ["int"]),
    ("multiHeadAttention", {"embed_dim": 64, "num_heads": 8}, [["N", 10, 64]]),
    ("multiHeadAttention", {"embed_dim": 30, "num_heads": 5, "bias": False}, [["N", 7, 30]]),
    (
        "multiHeadAttention",
        {"embed_dim": 16, "num_heads": 4, "kdim": 10, "vdim": 12},
        [["N", 5, 16], ["N", 9, 10], ["N", 9, 12]],
    ),
    ("multiHeadAttention", {"embed_dim": 24, "num_heads": 3, "add_bias_kv": True}, [["N", 6, 24]]),
    (
        "multiHeadAttention",
        {"embed_dim": 20, "num_heads": 2, "kdim": 20, "vdim": 7, "add_zero_attn": True},
        [["N", 4, 20], ["N", 3, 20], ["N", 3, 7]],
    ),
    ("lstm", {"input_size": 10, "hidden_size": 20}, [["N", 5, 10]]),
    ("lstm", {"input_size": 7, "hidden_size": 13, "num_layers": 2, "bidirectional": True}, [["N", 4, 7]]),
    ("lstm", {"input_size": 5, "hidden_size": 9, "bias": False}, [["N", 3, 5]]),
    (
        "lstm",
        {"input_size": 6, "hidden_size": 10, "num_layers": 3, "proj_size": 4, "bidirectional": True},
        [["N", 3, 6]],
    ),
    ("lstm", {"input_size": 4, "hidden_size": 8, "num_layers": 2, "dropout": 0.2}, [["N", 6, 4]]),
    ("gru", {"input_size": 10, "hidden_size": 20}, [["N", 5, 10]]),
    (
        "gru",
        {"input_size": 7, "hidden_size": 13, "num_layers": 2, "bidirectional": True, "bias": False},
        [["N", 4, 7]],
    ),
    ("gru", {"input_size": 3, "hidden_size": 5, "num_layers": 3}, [["N", 2, 3]]),
    ("relu", {}, [["N", 3, 4]]),
    ("leakyRelu", {"negative_slope": 0.2}, [["N", 5]]),
    ("gelu", {"approximate": "tanh"}, [["N", 5]]),
    ("silu", {}, [["N", 2, 3]]),
    ("sigmoid", {}, [["N", 4]]),
    ("tanh", {}, [["N", 4]]),
    ("softmax", {"dim": 1}, [["N", 3, 4]]),
    ("logSoftmax", {}, [["N", 3, 4]]),
    ("crossEntropy", {}, [["N", 5], ["N"]], ["float", "int"]),
    ("crossEntropy", {"reduction": "none"}, [["N", 5, 3, 4], ["N", 3, 4]], ["float", "int"]),
    ("crossEntropy", {"label_smoothing": 0.1, "reduction": "sum"}, [["N", 5], ["N", 5]], ["float", "float"]),
    ("mseLoss", {"reduction": "none"}, [["N", 3], ["N", 3]]),
    ("mseLoss", {}, [["N", 1], ["N", 1]]),
    ("bceWithLogitsLoss", {"reduction": "sum"}, [["N", 4], ["N", 4]]),
    ("l1Loss", {}, [["N", 2, 3], ["N", 2, 3]]),
    ("huberLoss", {"delta": 0.5, "reduction": "none"}, [["N", 6], ["N", 6]]),
]

TUPLE_PARAMS = {"kernel_size", "stride", "padding", "dilation", "output_padding"}


def torch_kwargs(params):
    """Triad params -> PyTorch kwargs: int lists become tuples where PyTorch takes a tuple."""
    return {k: tuple(v) if k in TUPLE_PARAMS and isinstance(v, list) else v for k, v in params.items()}


def build(kind, p):
    """The PyTorch module (or function) a Triad layer stands for."""
    kw = torch_kwargs(p)
    simple = {
        "dense": nn.Linear,
        "conv1d": nn.Conv1d,
        "conv2d": nn.Conv2d,
        "convTranspose2d": nn.ConvTranspose2d,
        "maxPool2d": nn.MaxPool2d,
        "avgPool2d": nn.AvgPool2d,
        "batchNorm1d": nn.BatchNorm1d,
        "batchNorm2d": nn.BatchNorm2d,
        "layerNorm": nn.LayerNorm,
        "dropout": nn.Dropout,
        "flatten": nn.Flatten,
        "embedding": nn.Embedding,
        "relu": nn.ReLU,
        "leakyRelu": nn.LeakyReLU,
        "gelu": nn.GELU,
        "silu": nn.SiLU,
        "sigmoid": nn.Sigmoid,
        "tanh": nn.Tanh,
        "softmax": nn.Softmax,
        "crossEntropy": nn.CrossEntropyLoss,
        "mseLoss": nn.MSELoss,
        "bceWithLogitsLoss": nn.BCEWithLogitsLoss,
        "l1Loss": nn.L1Loss,
        "huberLoss": nn.HuberLoss,
    }
    if kind in simple:
        return simple[kind](**kw)
    if kind == "logSoftmax":
        return nn.LogSoftmax(dim=kw.get("dim", -1))
    if kind == "globalAvgPool":
        return nn.AdaptiveAvgPool2d(1)
    if kind == "lstm":
        return nn.LSTM(**kw, batch_first=True)
    if kind == "gru":
        return nn.GRU(**kw, batch_first=True)
    if kind == "multiHeadAttention":
        return nn.MultiheadAttention(**kw, batch_first=True)
    if kind == "upsample":
        size = kw.get("size")
        if isinstance(size, list):
            kw["size"] = size[0] if len(size) == 1 else tuple(size)
        return nn.Upsample(**kw)
    if kind == "reshape":
        return lambda x: x.reshape(x.shape[0], *p["shape"])
    if kind == "permute":
        return lambda x: x.permute(*p["dims"])
    if kind == "concat":
        return lambda *xs: torch.cat(xs, dim=p.get("dim", 1))
    if kind == "add":
        return lambda *xs: sum(xs[1:], xs[0])
    if kind == "multiply":
        def product(*xs):
            out = xs[0]
            for x in xs[1:]:
                out = out * x
            return out

        return product
    raise ValueError(f"no PyTorch builder for {kind}")


def tensor(shape, dtype, kind, params, first):
    """A random input of `shape` (batch "N" -> BATCH); int ids/labels in a valid range."""
    dims = [BATCH if d == "N" else d for d in shape]
    if dtype != "int":
        return torch.rand(*dims) if kind == "bceWithLogitsLoss" else torch.randn(*dims)
    high = params.get("num_embeddings") or (first.shape[1] if first is not None else 2)
    return torch.randint(0, high, dims)


def run(kind, params, shapes, dtypes):
    module = build(kind, params)
    count = sum(p.numel() for p in module.parameters()) if isinstance(module, nn.Module) else 0
    xs = []
    for i, shape in enumerate(shapes):
        dtype = dtypes[i] if i < len(dtypes) else "float"
        xs.append(tensor(shape, dtype, kind, params, xs[0] if xs else None))
    if kind in ("lstm", "gru"):
        out = module(xs[0])[0]
    elif kind == "multiHeadAttention":
        q = xs[0]
        k = xs[1] if len(xs) > 1 else q
        v = xs[2] if len(xs) > 2 else k
        out = module(q, k, v)[0]
    else:
        out = module(*xs)
    out_shape = ["N" if i == 0 and d == BATCH else d for i, d in enumerate(out.shape)]
    row = {"type": kind, "params": params, "inputShape": shapes[0], "count": count, "outputShape": out_shape}
    if len(shapes) > 1:
        row["inputShapes"] = shapes
    if dtypes:
        row["dtypes"] = dtypes
    return row


# Configurations PyTorch refuses (at construction or on the forward pass): Triad's shape rules
# must refuse them too. Each row records PyTorch's own message.
REFUSALS = [
    ("maxPool2d", {"kernel_size": 3, "padding": 2}, [["N", 1, 10, 10]]),
    ("maxPool2d", {"kernel_size": 3, "padding": 2, "dilation": 2}, [["N", 1, 10, 10]]),
    ("avgPool2d", {"kernel_size": 4}, [["N", 1, 2, 2]]),
    ("conv2d", {"in_channels": 1, "out_channels": 2, "kernel_size": 5}, [["N", 1, 3, 3]]),
    ("conv2d", {"in_channels": 3, "out_channels": 2, "kernel_size": 1}, [["N", 4, 5, 5]]),
    ("convTranspose2d", {"in_channels": 2, "out_channels": 2, "kernel_size": 3, "stride": 2, "output_padding": 2}, [["N", 2, 4, 4]]),
    ("multiHeadAttention", {"embed_dim": 10, "num_heads": 3}, [["N", 4, 10]]),
    ("dense", {"in_features": 5, "out_features": 2}, [["N", 4]]),
    ("layerNorm", {"normalized_shape": [5]}, [["N", 3, 4]]),
    ("batchNorm2d", {"num_features": 3}, [["N", 4, 5, 5]]),
    ("conv1d", {"in_channels": 2, "out_channels": 2, "kernel_size": 3}, [["N", 2, 5, 5]]),
]


def refusal(kind, params, shapes):
    try:
        run(kind, params, shapes, [])
    except Exception as e:  # noqa: BLE001 - any refusal by PyTorch is what we record
        return {"type": kind, "params": params, "inputShape": shapes[0], "error": str(e).splitlines()[0]}
    raise SystemExit(f"PyTorch accepted a configuration listed as a refusal: {kind} {params} {shapes}")


def main():
    torch.manual_seed(0)
    rows = []
    for case in CASES:
        kind, params, shapes = case[0], case[1], case[2]
        dtypes = case[3] if len(case) > 3 else []
        rows.append(run(kind, params, shapes, dtypes))
    rows.extend(refusal(*case) for case in REFUSALS)
    print(json.dumps({"torch": torch.__version__, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
