/**
 * The weights section of model.py: a safetensors reader and writer in plain Python (struct + json,
 * so no `safetensors` package is needed: Debian ships none) and `load_weights`, which loads Triad's
 * weights.safetensors (or a .pt state_dict) by name and says which names do not fit.
 */
export const WEIGHTS_PY = `# ---- weights: safetensors with struct + json, so no extra package is needed ----

_SAFETENSORS_DTYPES = {
    'F64': torch.float64,
    'F32': torch.float32,
    'F16': torch.float16,
    'BF16': torch.bfloat16,
    'I64': torch.int64,
    'I32': torch.int32,
    'I16': torch.int16,
    'I8': torch.int8,
    'U8': torch.uint8,
    'BOOL': torch.bool,
}
_SAFETENSORS_NAMES = {dtype: name for name, dtype in _SAFETENSORS_DTYPES.items()}


def load_safetensors(path):
    """The tensors of a safetensors file by name (CPU; the format is little-endian, as the hosts PyTorch runs on)."""
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f'{path}: {len(data)} bytes is too short for a safetensors file (no header length).')
    (size,) = struct.unpack('<Q', data[:8])
    if size > len(data) - 8:
        raise ValueError(f'{path}: the header length {size} runs past the end of the file ({len(data)} bytes).')
    header = json.loads(data[8:8 + size].decode('utf-8'))
    body = memoryview(data)[8 + size:]
    tensors = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        dtype = _SAFETENSORS_DTYPES.get(info['dtype'])
        if dtype is None:
            raise ValueError(f"{path}: tensor '{name}' has dtype {info['dtype']}, which this reader does not know.")
        begin, end = info['data_offsets']
        if not 0 <= begin <= end <= len(body):
            raise ValueError(f"{path}: tensor '{name}' lies outside the file (offsets {begin}..{end}).")
        shape = [int(d) for d in info['shape']]
        if end == begin:
            tensor = torch.empty(shape, dtype=dtype)
        else:
            tensor = torch.frombuffer(bytearray(body[begin:end]), dtype=dtype).reshape(shape)
        tensors[name] = tensor
    return tensors


def save_safetensors(tensors, path, metadata=None):
    """Writes tensors (a state_dict) as a safetensors file, names sorted, header padded to 8 bytes."""
    header = {}
    if metadata:
        header['__metadata__'] = {str(k): str(v) for k, v in metadata.items()}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        tensor = tensors[name].detach().to('cpu').contiguous()
        raw = tensor.reshape(-1).view(torch.uint8).numpy().tobytes() if tensor.numel() else b''
        header[name] = {
            'dtype': _SAFETENSORS_NAMES[tensor.dtype],
            'shape': list(tensor.shape),
            'data_offsets': [offset, offset + len(raw)],
        }
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


def load_weights(model, path):
    """Loads Triad's weights into \`model\` by state_dict name: a .safetensors file, or a .pt / .pth
    state_dict. Every parameter and buffer must be there with its shape (num_batches_tracked may
    be missing); a mismatch names the tensors, so a file from another model fails loudly."""
    path = str(path)
    if path.endswith(('.pt', '.pth')):
        state = torch.load(path, map_location='cpu')
    else:
        state = load_safetensors(path)
    own = model.state_dict()
    missing = [k for k in own if k not in state and not k.endswith('num_batches_tracked')]
    unexpected = [k for k in state if k not in own]
    if missing or unexpected:
        raise KeyError(
            f'{path} does not fit {type(model).__name__}: missing {missing}, unexpected {unexpected}. '
            'Export model.py and the weights from the same document.'
        )
    for name, tensor in state.items():
        if tuple(tensor.shape) != tuple(own[name].shape):
            raise ValueError(
                f"{path}: '{name}' has shape {list(tensor.shape)} but the model's is {list(own[name].shape)}."
            )
    model.load_state_dict(state, strict=False)
    return model
`
