"""DistilBERT's architecture (as in transformers' DistilBertForSequenceClassification):
word + position embeddings, LayerNorm, N post-LN blocks of multi-head self-attention
and GELU feed-forward, then pre_classifier -> ReLU -> dropout -> classifier over the
first token. `Ensemble` averages the logits of several such members inside one graph.
"""
import math

import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, dim, heads, ffn, dropout):
        super().__init__()
        self.heads = heads
        self.q_lin, self.k_lin, self.v_lin, self.out_lin = (nn.Linear(dim, dim) for _ in range(4))
        self.sa_layer_norm = nn.LayerNorm(dim, eps=1e-12)
        self.lin1, self.lin2 = nn.Linear(dim, ffn), nn.Linear(ffn, dim)
        self.output_layer_norm = nn.LayerNorm(dim, eps=1e-12)
        self.dropout = nn.Dropout(dropout)
        self.attn_dropout = nn.Dropout(dropout)

    def forward(self, x, mask_bias):
        b, n, d = x.shape
        h = self.heads

        def split(t):
            return t.view(b, n, h, d // h).transpose(1, 2)

        q = split(self.q_lin(x)) / math.sqrt(d // h)
        k, v = split(self.k_lin(x)), split(self.v_lin(x))
        scores = q @ k.transpose(-1, -2) + mask_bias
        ctx = self.attn_dropout(scores.softmax(-1)) @ v
        ctx = ctx.transpose(1, 2).reshape(b, n, d)
        x = self.sa_layer_norm(x + self.dropout(self.out_lin(ctx)))
        ff = self.lin2(nn.functional.gelu(self.lin1(x)))
        return self.output_layer_norm(x + self.dropout(ff))


class DistilBert(nn.Module):
    def __init__(self, vocab_size, dim=128, layers=2, heads=4, ffn=512, max_pos=128, labels=6, dropout=0.1, seq_dropout=0.2, word_embeddings=None):
        super().__init__()
        self.word_embeddings = word_embeddings if word_embeddings is not None else nn.Embedding(vocab_size, dim, padding_idx=0)
        self.position_embeddings = nn.Embedding(max_pos, dim)
        self.emb_norm = nn.LayerNorm(dim, eps=1e-12)
        self.emb_dropout = nn.Dropout(dropout)
        self.blocks = nn.ModuleList(Block(dim, heads, ffn, dropout) for _ in range(layers))
        self.pre_classifier = nn.Linear(dim, dim)
        self.classifier = nn.Linear(dim, labels)
        self.cls_dropout = nn.Dropout(seq_dropout)
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def encode(self, input_ids, attention_mask):
        n = input_ids.shape[1]
        pos = torch.arange(n, device=input_ids.device).unsqueeze(0)
        x = self.emb_dropout(self.emb_norm(self.word_embeddings(input_ids) + self.position_embeddings(pos)))
        mask_bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -1e4
        for block in self.blocks:
            x = block(x, mask_bias)
        return x

    def features(self, input_ids, attention_mask):
        """What the classifier reads: the first token after pre_classifier and ReLU."""
        return torch.relu(self.pre_classifier(self.encode(input_ids, attention_mask)[:, 0]))

    def forward(self, input_ids, attention_mask):
        return self.classifier(self.cls_dropout(self.features(input_ids, attention_mask)))


class MlmHead(nn.Module):
    """DistilBERT's masked-LM head (vocab_transform, GELU, LayerNorm, projector tied to the
    word embeddings); used only for pretraining, never exported."""

    def __init__(self, embeddings, dim):
        super().__init__()
        self.embeddings = embeddings
        self.vocab_transform = nn.Linear(dim, dim)
        self.vocab_layer_norm = nn.LayerNorm(dim, eps=1e-12)
        self.bias = nn.Parameter(torch.zeros(embeddings.weight.shape[0]))

    def forward(self, hidden):
        h = self.vocab_layer_norm(nn.functional.gelu(self.vocab_transform(hidden)))
        return h @ self.embeddings.weight.t() + self.bias


class Ensemble(nn.Module):
    """Members share one word-embedding table (it is most of the size); the graph
    returns the mean of their logits divided by the calibration temperature."""

    def __init__(self, members, temperature=1.0):
        super().__init__()
        self.members = nn.ModuleList(members)
        self.register_buffer("inv_temperature", torch.tensor(1.0 / temperature))

    def forward(self, input_ids, attention_mask):
        logits = torch.stack([m(input_ids, attention_mask) for m in self.members]).mean(0)
        return logits * self.inv_temperature


def int8_rows(weight, bits):
    """`weight` as int8 with one scale per row. With bits < 8 the values still take a byte
    each (same graph, same file size) but use fewer levels, so a package's zip deflates them:
    the shipped model.onnx 6.67 MB deflated at 8 bits, 5.30 MB with 6-bit embeddings, 3.97 MB
    with 4-bit ones."""
    scale = weight.abs().amax(dim=1, keepdim=True).clamp(min=1e-8) / float(2 ** (bits - 1) - 1)
    return torch.round(weight / scale).to(torch.int8), scale.to(torch.float32)


class QuantizedEmbedding(nn.Module):
    """int8 rows with one scale per row: a quarter of the size of the float table,
    which is most of the model. Used for export; parity is measured on this module."""

    def __init__(self, weight, bits=8):
        super().__init__()
        q, scale = int8_rows(weight, bits)
        self.register_buffer("q", q)
        self.register_buffer("scale", scale)

    def forward(self, ids):
        return self.q[ids].to(torch.float32) * self.scale[ids]


def quantize_embeddings(model, bits=8):
    """Swaps each word-embedding table of an Ensemble (shared or not) for its int8 form."""
    done = {}
    for m in model.members:
        key = id(m.word_embeddings)
        if key not in done:
            done[key] = QuantizedEmbedding(m.word_embeddings.weight.detach(), bits)
        m.word_embeddings = done[key]
    return model


class DequantizeColumns(torch.autograd.Function):
    """An int8 matrix [in, out] times one scale per column, exported as ONNX DequantizeLinear
    (axis 1): with a QuantizeLinear/DequantizeLinear pair on the input, onnxruntime's QDQ
    fusion runs the MatMul in int8."""

    @staticmethod
    def forward(ctx, q, scale, zero_point):
        return (q.to(torch.int32) - zero_point.to(torch.int32)).to(torch.float32) * scale

    @staticmethod
    def symbolic(g, q, scale, zero_point):
        return g.op("DequantizeLinear", q, scale, zero_point, axis_i=1)


class FakeQuantizeInput(torch.autograd.Function):
    """x rounded to a static uint8 grid and back, computed as ONNX QuantizeLinear computes it
    (divide by the scale, round half to even, add the zero point, saturate), so PyTorch and
    onnxruntime agree; exported as QuantizeLinear then DequantizeLinear."""

    @staticmethod
    def forward(ctx, x, scale, zero_point):
        q = torch.clamp(torch.round(x / scale) + zero_point, 0, 255)
        return (q - zero_point) * scale

    @staticmethod
    def symbolic(g, x, scale, zero_point):
        s = g.op("Constant", value_t=torch.tensor(scale, dtype=torch.float32))
        z = g.op("Constant", value_t=torch.tensor(zero_point, dtype=torch.uint8))
        return g.op("DequantizeLinear", g.op("QuantizeLinear", x, s, z), s, z)


class QuantizedLinear(nn.Module):
    """A Linear layer whose weight is stored as int8 with one scale per output row (kept
    transposed, [in, out], the layout MatMul reads). Once `calibrate_activations` has set a
    static uint8 range for its input, the input is quantised too (QuantizeLinear and
    DequantizeLinear in ONNX) and onnxruntime runs the product in int8: 1.4-1.5x the
    sentences per second of float MatMuls on onnxruntime-web's WASM backend (model card, Cost)."""

    def __init__(self, linear, bits=8):
        super().__init__()
        q, scale = int8_rows(linear.weight.detach(), bits)
        self.register_buffer("qt", q.t().contiguous())
        self.register_buffer("col_scale", scale.view(-1))
        self.register_buffer("zero_point", torch.zeros(q.shape[0], dtype=torch.int8))
        self.register_buffer("bias", linear.bias.detach().clone())
        self.act = None  # (scale, zero point) of the uint8 input, from calibrate_activations

    def forward(self, x):
        if self.act is not None:
            x = FakeQuantizeInput.apply(x, *self.act)
        return torch.matmul(x, DequantizeColumns.apply(self.qt, self.col_scale, self.zero_point)) + self.bias


BLOCK_LINEARS = ("q_lin", "k_lin", "v_lin", "out_lin", "lin1", "lin2")


def quantize_linears(model, bits=8):
    """int8 weights for every Linear of the transformer blocks and pre_classifier."""
    for m in model.members:
        for block in m.blocks:
            for name in BLOCK_LINEARS:
                setattr(block, name, QuantizedLinear(getattr(block, name), bits))
        m.pre_classifier = QuantizedLinear(m.pre_classifier, bits)
    return model


@torch.no_grad()
def calibrate_activations(model, run):
    """Static uint8 ranges for the input of every block Linear of a quantised Ensemble: the
    minimum and maximum (widened to include 0) of what the blocks see while `run()` feeds the
    model calibration text. Static rather than dynamic (DynamicQuantizeLinear) so that a
    sentence's result never depends on the other sentences of its batch."""
    linears = [getattr(block, name) for m in model.members for block in m.blocks for name in BLOCK_LINEARS]
    ranges = {id(lin): [0.0, 0.0] for lin in linears}

    def record(lin, inputs):
        r = ranges[id(lin)]
        r[0], r[1] = min(r[0], float(inputs[0].min())), max(r[1], float(inputs[0].max()))

    hooks = [lin.register_forward_pre_hook(record) for lin in linears]
    try:
        run()
    finally:
        for h in hooks:
            h.remove()
    for lin in linears:
        lo, hi = ranges[id(lin)]
        scale = float(torch.tensor((hi - lo) / 255, dtype=torch.float32))  # the float32 the graph stores
        lin.act = (scale, int(round(-lo / scale)))
    return model

