"""SetFit-style few-shot stance on gambling q1, tried on 2026-11-26 and rejected.

For each split (the file's own 20 train rows, then random 20/80 splits with all three labels),
the whole MiniLM is tuned on every pair of the 20 texts (cosine 1 for the same label, 0 for
different ones), and a balanced logistic regression on the tuned vectors predicts the other 80.
Usage: `python3 stance_few_shot_setfit.py SPLITS EPOCHS`. Needs sentence-transformers.
"""
import json, os, numpy as np, random, torch, itertools, sys
from sentence_transformers import SentenceTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
torch.set_num_threads(2)
R = [json.loads(l) for l in open(os.environ.get('DATA_DIR', '../../shared/datasets/dev') + '/stance-gambling-xs-q1.jsonl')]
L = ['for','against','undecided']; y = np.array([L.index(r['label']) for r in R]); texts=[r['text'] for r in R]
def splits(n):
    rng = random.Random(1); out=[[i for i,r in enumerate(R) if r['split']=='train']]
    while len(out)<n+1:
        idx=list(range(100)); rng.shuffle(idx); tr=idx[:20]
        if len(set(y[tr]))==3: out.append(tr)
    return out
res=[]
for k,tr in enumerate(splits(int(sys.argv[1]))):
    torch.manual_seed(0); random.seed(0)
    m = SentenceTransformer(os.environ.get('MODEL_DIR', os.path.expanduser('~/.local/share/barometer/models/all-minilm-l6-v2')), device='cpu')
    pairs=list(itertools.combinations(tr,2))
    opt=torch.optim.AdamW(m.parameters(), lr=2e-5)
    m.train()
    def emb(ix):
        f=m.tokenize([texts[i] for i in ix]); out=m(f)['sentence_embedding']; return torch.nn.functional.normalize(out,dim=-1)
    for ep in range(int(sys.argv[2])):
        random.shuffle(pairs)
        for b in range(0,len(pairs),16):
            P=pairs[b:b+16]
            ea=emb([p[0] for p in P]); eb=emb([p[1] for p in P])
            t=torch.tensor([float(y[a]==y[c]) for a,c in P])
            loss=((ea*eb).sum(-1)-t).pow(2).mean()
            opt.zero_grad(); loss.backward(); opt.step()
    m.eval()
    E=m.encode(texts, normalize_embeddings=True)
    te=[i for i in range(100) if i not in tr]
    clf=LogisticRegression(class_weight='balanced',max_iter=2000).fit(E[tr],y[tr])
    f=f1_score(y[te], clf.predict(E[te]), average='macro'); res.append(f)
    print(k, round(f,3), flush=True)
print('official', res[0], 'random mean', np.mean(res[1:]))
