#!/usr/bin/env python3
"""Writes the gradient-parity fixture: the PyTorch reference's text VAE
(../shared/reference/text_vae.py) on a tiny model with seeded weights, one fixed batch and fixed
reparameterisation noise, with its loss terms and the gradient of every parameter. klanneal's
GradientParityTest loads the same weights and batch and must agree to float precision.

  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/gradient_parity.py \
      ../shared/reference/text_vae.py klanneal-core/src/test/resources/io/klanneal/model/gradient-parity.json

The encoder is given klanneal's input (the words without the end marker); dropout and word dropout
are off. Needs Debian's python3-torch.
"""
import json, sys
import torch

reference, out = sys.argv[1], sys.argv[2]
source = open(reference).read()
namespace = {"__name__": "reference"}
sys.argv = ["reference", "parity"]  # the reference parses its arguments when loaded
exec(source[: source.index("def bench(")], namespace)
V, E, H, Z = 12, 5, 6, 3
namespace.update(E=E, H=H, Z=Z)
torch.manual_seed(3)
m = namespace["VAE"](V, 0.0).double()
with torch.no_grad():
    for p in m.parameters():
        p.uniform_(-0.5, 0.5)
m.train()
m.drop.p = 0.0

# klanneal's layout (io.klanneal.text.SentenceBatches): ids 0 <pad>, 1 <unk>, 2 <s>, 3 </s>.
sentences = [[4, 5, 6, 7], [8, 9], [10, 4, 11]]
B, L = len(sentences), max(map(len, sentences))
enc = torch.zeros(B, L, dtype=torch.long)
dec = torch.zeros(B, L + 1, dtype=torch.long)
tgt = torch.zeros(B, L + 1, dtype=torch.long)
mask = torch.zeros(B, L + 1, dtype=torch.double)
for b, s in enumerate(sentences):
    enc[b, : len(s)] = torch.tensor(s)
    dec[b, : len(s) + 1] = torch.tensor([2] + s)
    tgt[b, : len(s) + 1] = torch.tensor(s + [3])
    mask[b, : len(s) + 1] = 1
lengths = torch.tensor([len(s) for s in sentences])
eps = torch.randn(B, Z, dtype=torch.double)

# The reference's forward pass with klanneal's encoder input and the fixed noise.
mu, lv = m.encode(enc, lengths)
z = mu + (0.5 * lv).exp() * eps
e = m.drop(m.emb(dec))
d, _ = m.dec(torch.cat([e, z.unsqueeze(1).expand(-1, dec.size(1), -1)], 2))
logits = m.out(m.drop(d))
nll = torch.nn.functional.cross_entropy(logits.transpose(1, 2), tgt, reduction="none")
rec = (nll * mask).sum(1)
kl = (0.5 * (lv.exp() + mu ** 2 - 1 - lv)).sum(1)
(rec + kl).mean().backward()

# klanneal's parameter names; the LSTMs' weights are laid out as PyTorch's (4H x in, gates i f g o).
names = {
    "emb.weight": "embedding",
    "enc.weight_ih_l0": "01encoder_l_0_i2h_WEIGHT", "enc.weight_hh_l0": "01encoder_l_0_h2h_WEIGHT",
    "enc.bias_ih_l0": "01encoder_l_0_i2h_BIAS", "enc.bias_hh_l0": "01encoder_l_0_h2h_BIAS",
    "head.weight": "02posterior_weight", "head.bias": "02posterior_bias",
    "dec.weight_ih_l0": "03decoder_l_0_i2h_WEIGHT", "dec.weight_hh_l0": "03decoder_l_0_h2h_WEIGHT",
    "dec.bias_ih_l0": "03decoder_l_0_i2h_BIAS", "dec.bias_hh_l0": "03decoder_l_0_h2h_BIAS",
    "out.weight": "05output_weight", "out.bias": "05output_bias",
}
flat = lambda t: [float(x) for x in t.detach().reshape(-1)]
fixture = {
    "sizes": {"vocabulary": V, "embedding": E, "hidden": H, "latent": Z},
    "encoder": enc.tolist(), "decoder_input": dec.tolist(), "lengths": lengths.tolist(),
    "targets": tgt.tolist(), "mask": mask.tolist(), "eps": eps.tolist(),
    "weights": {names[n]: flat(p) for n, p in m.named_parameters()},
    "reconstruction": flat(rec), "kl": flat(kl),
    "gradients": {names[n]: flat(p.grad) for n, p in m.named_parameters()},
}
json.dump(fixture, open(out, "w"), indent=None)
print("wrote", out, "loss", float((rec + kl).mean()))
