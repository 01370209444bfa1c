"""How separable are gambling-xs' gold themes in MiniLM's space, even with their labels?

For each gold theme with at least 5 responses, a balanced logistic regression (C = 10) on the
centred response vectors predicts membership by 5-fold cross-validation, and its F1 is printed.
Run on 2026-11-26: mean F1 0.54 (q1) and 0.57 (q2). Issue 5 asks the unsupervised themes for a
recovery F1 of 0.55 on the same themes, about what this supervised classifier reaches.
Needs sentence-transformers and scikit-learn.
"""
import os
import json, re, numpy as np
from sentence_transformers import SentenceTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.metrics import f1_score
m = SentenceTransformer(os.environ.get('MODEL_DIR', os.path.expanduser('~/.local/share/barometer/models/all-minilm-l6-v2')), device='cpu')
G=[json.loads(l) for l in open(os.environ.get('DATA_DIR', '../../shared/datasets/dev') + '/themes-gambling-xs.jsonl')]
E=m.encode([r['text'] for r in G], normalize_embeddings=True)
for q in ['q1','q2']:
    idx=[i for i,r in enumerate(G) if r['id'].startswith('gambling-'+q)]
    X=E[idx]; X=X-X.mean(0)
    themes=sorted({t for i in idx for t in G[i]['themes']})
    out=[]
    for t in themes:
        y=np.array([t in G[i]['themes'] for i in idx])
        if y.sum()<5: continue
        p=cross_val_predict(LogisticRegression(C=10,class_weight='balanced',max_iter=3000),X,y,cv=5)
        out.append((t,int(y.sum()),round(f1_score(y,p),2)))
    print(q, out, 'mean', round(np.mean([o[2] for o in out]),3))
