"""Peer for `barometer bench embed`: sentence-transformers (PyTorch, CPU) on the same texts.

Usage: python3 peer.py INPUT.json

INPUT.json (written by barometer-encoder's bench module):
  {"model_path": DIR, "threads": N, "min_seconds": S,
   "sets": [{"words": 10, "texts": [...]}, ...]}

DIR is Barometer's installed model folder (config.json, tokenizer.json, model.safetensors,
1_Pooling/config.json). The model is built from those very files: nothing is fetched from a
model hub. A temporary folder of symlinks adds the tokenizer_config.json that transformers
needs to know the special tokens.

Prints one JSON line: {"name", "threads", "results": [{words, texts, tokens, passes,
seconds}], "peak_rss_kib"}.
"""

import json
import os
import resource
import sys
import tempfile
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def build_model(model_path, threads):
    import torch
    from sentence_transformers import SentenceTransformer, models

    torch.set_num_threads(threads)
    local = tempfile.mkdtemp(prefix="barometer-peer-")
    for name in ("config.json", "tokenizer.json", "model.safetensors"):
        os.symlink(os.path.join(model_path, name), os.path.join(local, name))
    with open(os.path.join(local, "tokenizer_config.json"), "w") as f:
        json.dump(
            {
                "tokenizer_class": "BertTokenizer",
                "do_lower_case": True,
                "model_max_length": 512,
                "cls_token": "[CLS]",
                "sep_token": "[SEP]",
                "pad_token": "[PAD]",
                "unk_token": "[UNK]",
                "mask_token": "[MASK]",
            },
            f,
        )
    transformer = models.Transformer(local, max_seq_length=256)
    with open(os.path.join(model_path, "1_Pooling", "config.json")) as f:
        pooling_config = json.load(f)
    pooling = models.Pooling(
        pooling_config["word_embedding_dimension"],
        pooling_mode=("mean" if pooling_config.get("pooling_mode_mean_tokens") else "cls"),
    )
    model = SentenceTransformer(
        modules=[transformer, pooling, models.Normalize()], device="cpu"
    )
    model.eval()
    return model


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    import torch
    import sentence_transformers

    threads = int(spec["threads"])
    model = build_model(spec["model_path"], threads)
    tokenizer = model.tokenizer
    batch_size = int(spec.get("batch_size", 32))
    results = []
    first = spec["sets"][0]["texts"][:64]
    with torch.inference_mode():
        model.encode(first, batch_size=batch_size)
        for s in spec["sets"]:
            texts = s["texts"]
            enc = tokenizer(texts, truncation=True, max_length=256)
            tokens = sum(len(ids) for ids in enc["input_ids"])
            passes = 0
            start = time.perf_counter()
            while passes == 0 or time.perf_counter() - start < spec["min_seconds"]:
                model.encode(texts, batch_size=batch_size)
                passes += 1
            results.append(
                {
                    "words": s["words"],
                    "texts": len(texts),
                    "tokens": tokens,
                    "passes": passes,
                    "seconds": time.perf_counter() - start,
                }
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(
        json.dumps(
            {
                "name": "sentence-transformers %s (torch %s, F32, batch %d)"
                % (sentence_transformers.__version__, torch.__version__, batch_size),
                "threads": torch.get_num_threads(),
                "results": results,
                "peak_rss_kib": peak,
            }
        )
    )


if __name__ == "__main__":
    main()
