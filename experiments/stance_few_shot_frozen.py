"""Few-shot stance on gambling q1 from frozen MiniLM vectors: classifiers tried on 2026-11-26.

Scores each on the file's own split (20 train rows) and on the mean of 30 random 20/80 splits
with all three labels among the 20, so that a choice is not made on one split of 100 rows.
A record of a rejected experiment (docs/ACCURACY.md); needs sentence-transformers and scikit-learn.
`MODEL_DIR` is the installed encoder folder, `DATA_DIR` the dev data sets.
"""
import json, os, re, numpy as np, random
from sentence_transformers import SentenceTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.semi_supervised import LabelSpreading
MODEL = os.environ.get('MODEL_DIR', os.path.expanduser('~/.local/share/barometer/models/all-minilm-l6-v2'))
DATA = os.environ.get('DATA_DIR', '../../shared/datasets/dev')
m = SentenceTransformer(MODEL, device='cpu')
R = [json.loads(l) for l in open(f'{DATA}/stance-gambling-xs-q1.jsonl')]
L = ['for','against','undecided']
y = np.array([L.index(r['label']) for r in R])
texts = [r['text'] for r in R]
sents = [[s for s in re.split(r'(?<=[.!?])\s+', t) if s.strip()] for t in texts]
E = m.encode(texts, normalize_embeddings=True)
P = m.encode([r['proposal']+' [SEP] '+t for r,t in zip(R,texts)], normalize_embeddings=True)
first = m.encode([s[0] for s in sents], normalize_embeddings=True)
flat = [s for ss in sents for s in ss]; owner = [i for i,ss in enumerate(sents) for _ in ss]
S = m.encode(flat, normalize_embeddings=True); owner=np.array(owner)
def splits(n=30):
    rng = random.Random(1)
    out=[[i for i,r in enumerate(R) if r['split']=='train']]
    for _ in range(n):
        idx=list(range(100)); rng.shuffle(idx)
        tr=idx[:20]
        if len(set(y[tr]))<3: continue
        out.append(tr)
    return out
def lr_fit(X, tr, C=1.0):
    return LogisticRegression(C=C, class_weight='balanced', max_iter=2000).fit(X[tr], y[tr])
def score(name, fn):
    fs=[]
    for k,tr in enumerate(splits()):
        te=[i for i in range(100) if i not in tr]
        pred=fn(tr,te)
        fs.append(f1_score(y[te], pred, average='macro', labels=[0,1,2]))
    print(f"{name:30s} official {fs[0]:.3f}  mean-of-random {np.mean(fs[1:]):.3f}")
score('LR text', lambda tr,te: lr_fit(E,tr).predict(E[te]))
score('LR text+pair', lambda tr,te: lr_fit(np.hstack([E,P]),tr).predict(np.hstack([E,P])[te]))
score('LR first sentence', lambda tr,te: lr_fit(first,tr).predict(first[te]))
score('LR text+first', lambda tr,te: lr_fit(np.hstack([E,first]),tr).predict(np.hstack([E,first])[te]))
for C in [0.1, 10, 100]:
    score(f'LR text C={C}', lambda tr,te: lr_fit(E,tr,C).predict(E[te]))
def sent_lr(tr,te):
    trs=[j for j,o in enumerate(owner) if o in set(tr)]
    clf=LogisticRegression(class_weight='balanced',max_iter=2000).fit(S[trs], y[owner[trs]])
    pr=clf.predict_log_proba(S)
    out=[]
    for i in te:
        out.append(np.argmax(pr[owner==i].sum(0)))
    return np.array(out)
score('sentence LR, sum logp', sent_lr)
def spread(X,tr,te,k=7,alpha=0.2):
    lab=-np.ones(100,dtype=int); lab[tr]=y[tr]
    ls=LabelSpreading(kernel='knn',n_neighbors=k,alpha=alpha,max_iter=200).fit(X,lab)
    return ls.transduction_[te]
score('label spreading knn7', lambda tr,te: spread(E,tr,te))
score('label spreading knn7 text+first', lambda tr,te: spread(np.hstack([E,first]),tr,te))
def selftrain(tr,te,rounds=3):
    X=E; clf=lr_fit(X,tr)
    for _ in range(rounds):
        pr=clf.predict_proba(X); pl=pr.argmax(1); conf=pr.max(1)
        idx=list(tr)+[i for i in te if conf[i]>0.6]
        yy=y.copy(); yy[te]=pl[te]
        clf=LogisticRegression(class_weight='balanced',max_iter=2000).fit(X[idx], yy[idx])
    return clf.predict(X[te])
score('self-training', selftrain)
