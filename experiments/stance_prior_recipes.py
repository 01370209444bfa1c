"""Stance-prior recipes, tried on a GPU on 2026-11-26 and all rejected (docs/ACCURACY.md).

Trains MiniLM cross-encoders (`[CLS] proposal [SEP] text [SEP]`, mean pool, linear head), with
LoRA on some layers or the whole network, on the `train` rows of the SemEval, IBM and ArgKP dev
files (never a gambling row), and scores each on unseen motions (IBM and ArgKP `test` rows),
gambling q1 zero-shot and SemEval's test rows. It is a record of the experiment, not part of
Barometer: the committed prior is trained by `barometer train stance-prior`.

Needs PyTorch, transformers, tokenizers and safetensors, and a folder (`STANCE_EXP_DIR`) holding
the dev `stance-*.jsonl` files, the encoder's `tokenizer.json` and `config.json`, and its weights
as `base-f16.safetensors` (F16, to travel to the GPU machine under its 64 MiB limit). Run:
`OUT=/tmp/out python3 stance_prior_recipes.py [CONFIG ...]`.
"""
import json, math, os, random, sys, time
import torch, torch.nn as nn, torch.nn.functional as F
from safetensors.torch import load_file, save_file
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

D = os.environ.get("STANCE_EXP_DIR", os.path.dirname(os.path.abspath(__file__)))
OUT = os.environ.get("OUT", "/tmp/out")
os.makedirs(OUT, exist_ok=True)
dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
QUICK = os.environ.get("QUICK") == "1"
LABELS = ["for", "against", "undecided"]

tok = Tokenizer.from_file(f"{D}/tokenizer.json")
tok.no_padding(); tok.no_truncation()
CLS, SEP = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
_cache = {}
def ids(s):
    if s not in _cache:
        _cache[s] = tok.encode(s, add_special_tokens=False).ids
    return _cache[s]
def pair(p, t):
    p, t = ids(p)[:48], ids(t)[:200]
    x = [CLS] + p + [SEP]
    first = len(x)
    x += t + [SEP]
    return x, [0] * first + [1] * (len(x) - first)

def rows(name):
    return [json.loads(l) for l in open(f"{D}/stance-{name}.jsonl")]

SWAPS = [("We should not ", "We should "), ("This house would not ", "This house would "),
         ("This house does not believe that ", "This house believes that "),
         ("This house opposes ", "This house supports "), (" should not be ", " should be "),
         (" should not ", " should ")]
def negate(p):
    for neg, pos in SWAPS:
        if neg in p: return p.replace(neg, pos, 1)
    for neg, pos in SWAPS:
        if pos in p: return p.replace(pos, neg, 1)
    return None

def training_set(cfg, rng):
    ex = []
    for name in cfg["data"]:
        for r in rows(name):
            if r["split"] == "train":
                ex.append((r["proposal"], r["text"], LABELS.index(r["label"])))
    props = sorted({e[0] for e in ex})
    by_prop = {}
    for e in ex:
        by_prop.setdefault(e[0], []).append(e)
    out = list(ex)
    for p, t, y in ex:
        if y < 2 and rng.random() < cfg["neg"]:
            q = negate(p)
            if q: out.append((q, t, 1 - y))
        if rng.random() < cfg["unrel"]:
            q = p
            while q == p: q = rng.choice(props)
            out.append((q, t, 2))
        if cfg.get("mixed", 0) and y < 2 and rng.random() < cfg["mixed"]:
            other = [e for e in by_prop[p] if e[2] == 1 - y]
            if other:
                o = rng.choice(other)[1]
                a, b = (t, o) if rng.random() < 0.5 else (o, t)
                out.append((p, a.rstrip() + " However, " + b[:1].lower() + b[1:], 2))
    rng.shuffle(out)
    return out

class Lora(nn.Module):
    def __init__(self, base, r, alpha):
        super().__init__()
        self.base = base
        self.a = nn.Parameter(torch.empty(r, base.in_features))
        self.b = nn.Parameter(torch.zeros(base.out_features, r))
        nn.init.kaiming_uniform_(self.a, a=math.sqrt(5))
        self.scale = alpha / r
    def forward(self, x):
        return self.base(x) + (x @ self.a.t() @ self.b.t()) * self.scale

DENSE = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
         "attn_out": "attention.output.dense", "up": "intermediate.dense", "down": "output.dense"}

def build(cfg):
    conf = BertConfig.from_json_file(f"{D}/config.json")
    m = BertModel(conf, add_pooling_layer=False)
    w = {k: v.float() for k, v in load_file(f"{D}/base-f16.safetensors").items()}
    m.load_state_dict(w, strict=False)
    loras = {}
    if cfg["mode"] == "lora":
        for p in m.parameters(): p.requires_grad = False
        for L in cfg["layers"]:
            layer = m.encoder.layer[L]
            for name, path in DENSE.items():
                parent = layer
                parts = path.split(".")
                for q in parts[:-1]: parent = getattr(parent, q)
                lo = Lora(getattr(parent, parts[-1]), cfg["r"], 2 * cfg["r"])
                setattr(parent, parts[-1], lo)
                loras[(L, name)] = lo
    head = nn.Linear(conf.hidden_size, 3)
    return m.to(dev), head.to(dev), loras

def batches(seqs, bs):
    for i in range(0, len(seqs), bs):
        chunk = seqs[i:i + bs]
        n = max(len(s[0]) for s in chunk)
        x = torch.zeros(len(chunk), n, dtype=torch.long); t = torch.zeros_like(x); m = torch.zeros_like(x)
        for j, (a, b) in enumerate(chunk):
            x[j, :len(a)] = torch.tensor(a); t[j, :len(b)] = torch.tensor(b); m[j, :len(a)] = 1
        yield x.to(dev), t.to(dev), m.to(dev)

def forward(m, head, x, t, mask):
    h = m(input_ids=x, token_type_ids=t, attention_mask=mask).last_hidden_state
    mf = mask.unsqueeze(-1).float()
    pooled = (h * mf).sum(1) / mf.sum(1)
    return head(pooled)

@torch.no_grad()
def predict(m, head, pairs):
    m.eval()
    seqs = [pair(p, t) for p, t in pairs]
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i][0]))
    out = [None] * len(seqs)
    k = 0
    for x, t, mask in batches([seqs[i] for i in order], 128):
        with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=dev.type == "cuda"):
            pr = F.softmax(forward(m, head, x, t, mask).float(), -1).cpu()
        for row in pr:
            out[order[k]] = row.tolist(); k += 1
    return out

def macro_f1(gold, pred, labels):
    fs = {}
    for l in labels:
        tp = sum(g == l and p == l for g, p in zip(gold, pred))
        fp = sum(g != l and p == l for g, p in zip(gold, pred))
        fn = sum(g == l and p != l for g, p in zip(gold, pred))
        fs[l] = 0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
    return sum(fs.values()) / len(fs), fs

def evaluate(m, head):
    res = {}
    for name, labels in [("ibm-claims-dev", ["for", "against"]), ("argkp-dev", ["for", "against"]),
                         ("gambling-xs-q1", LABELS), ("semeval2016-dev", LABELS)]:
        test = [r for r in rows(name) if r["split"] == "test"]
        if QUICK: test = test[:40]
        probs = predict(m, head, [(r["proposal"], r["text"]) for r in test])
        idx = [LABELS.index(l) for l in labels]
        pred = [labels[max(range(len(idx)), key=lambda j: p[idx[j]])] for p in probs]
        gold = [r["label"] for r in test]
        f, per = macro_f1(gold, pred, LABELS if len(labels) == 3 else labels)
        res[name] = round(f, 4)
        if name == "semeval2016-dev":
            res["semeval_favg"] = round((per["for"] + per["against"]) / 2, 4)
        if name == "gambling-xs-q1":
            res["gambling_per"] = {k: round(v, 3) for k, v in per.items()}
    return res

def train(cfg):
    torch.manual_seed(cfg["seed"]); rng = random.Random(cfg["seed"])
    ex = training_set(cfg, rng)
    if QUICK: ex = ex[:64]
    m, head, loras = build(cfg)
    params = [p for p in m.parameters() if p.requires_grad] + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=cfg["lr"], weight_decay=0.01)
    counts = [sum(e[2] == c for e in ex) for c in range(3)]
    weight = torch.tensor([len(ex) / (3 * max(c, 1)) for c in counts], device=dev)
    bs = 32
    steps = cfg["epochs"] * math.ceil(len(ex) / bs)
    warm = int(0.06 * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / max(warm, 1), max(0.0, (steps - s) / max(steps - warm, 1))))
    t0 = time.time(); step = 0; tot = 0.0
    for ep in range(cfg["epochs"]):
        m.train()
        order = list(range(len(ex))); rng.shuffle(order)
        seqs = [pair(ex[i][0], ex[i][1]) for i in order]
        ys = torch.tensor([ex[i][2] for i in order])
        for bi, (x, t, mask) in enumerate(batches(seqs, bs)):
            y = ys[bi * bs: bi * bs + x.shape[0]].to(dev)
            with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=dev.type == "cuda"):
                logits = forward(m, head, x, t, mask)
            loss = F.cross_entropy(logits.float(), y, weight=weight)
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
            tot += loss.item(); step += 1
    res = evaluate(m, head)
    res.update(name=cfg["name"], seconds=round(time.time() - t0, 1), examples=len(ex), loss=round(tot / max(step, 1), 4))
    print(json.dumps(res), flush=True)
    if cfg.get("save") and cfg["mode"] == "lora":
        t = {}
        for (L, name), lo in loras.items():
            t[f"layer.{L}.{name}.lora_a"] = lo.a.detach().cpu().half().contiguous()
            t[f"layer.{L}.{name}.lora_b"] = lo.b.detach().cpu().half().contiguous()
        t["lora.scale"] = torch.tensor([float(2.0)])
        t["head.weight"] = head.weight.detach().cpu().float().contiguous()
        t["head.bias"] = head.bias.detach().cpu().float().contiguous()
        save_file(t, f"{OUT}/{cfg['name']}.safetensors")
    return res

BASE = dict(mode="lora", layers=[4, 5], r=8, lr=1e-3, epochs=2, neg=0.3, unrel=0.1, seed=20161125,
            data=["semeval2016-dev", "ibm-claims-dev", "argkp-dev"])
ALL = list(range(6))
CONFIGS = {
    "top2_r8": dict(BASE),
    "all6_r8": dict(BASE, layers=ALL),
    "all6_r16_e3": dict(BASE, layers=ALL, r=16, lr=5e-4, epochs=3),
    "full_e3": dict(BASE, mode="full", lr=3e-5, epochs=3),
    "all6_r8_noSE": dict(BASE, layers=ALL, data=["ibm-claims-dev", "argkp-dev"]),
    "all6_r8_neg5": dict(BASE, layers=ALL, neg=0.5),
    "all6_r8_mixed": dict(BASE, layers=ALL, mixed=0.15),
    "all6_r8_e4": dict(BASE, layers=ALL, epochs=4),
    "all6_r8_s2": dict(BASE, layers=ALL, seed=7),
    "full_e3_s2": dict(BASE, mode="full", lr=3e-5, epochs=3, seed=7),
}

if __name__ == "__main__":
    names = sys.argv[1:] or list(CONFIGS)
    print("device", dev, torch.cuda.get_device_name(0) if dev.type == "cuda" else "", flush=True)
    results = []
    for n in names:
        cfg = dict(CONFIGS[n], name=n, save=True)
        results.append(train(cfg))
        json.dump(results, open(f"{OUT}/results.json", "w"), indent=1)
