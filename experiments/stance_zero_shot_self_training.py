"""Zero-shot self-training, tried on 2026-11-26 and rejected (docs/ACCURACY.md).

Takes the committed prior's zero-shot predictions (`barometer eval stance --ignore-train --data
FILE --out /tmp/zs-NAME.jsonl`) as pseudo-labels, and per proposal re-predicts every test row
from a balanced logistic regression on the frozen text vectors of the *other* rows (5-fold
cross-fitting, weighted by the prior's confidence), in the hope that the consultation's own
vocabulary cleans up the prior's noise. On gambling q1 it fell from 0.423 to 0.29-0.30.
Needs sentence-transformers and scikit-learn.
"""
import os
import json, numpy as np, collections
from sentence_transformers import SentenceTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold
m = SentenceTransformer(os.environ.get('MODEL_DIR', os.path.expanduser('~/.local/share/barometer/models/all-minilm-l6-v2')), device='cpu')
D=os.environ.get('DATA_DIR', '../../shared/datasets/dev') + '/'
for f in ['gambling-xs-q1']:
    R=[json.loads(l) for l in open(D+f'stance-{f}.jsonl')]
    R=[r for r in R if r['split']=='test']
    P={json.loads(l)['id']:json.loads(l) for l in open(f'/tmp/zs-{f}.jsonl')}
    E=m.encode([r['text'] for r in R], normalize_embeddings=True, batch_size=64)
    gold=[r['label'] for r in R]; prior=[P[r['id']]['label'] for r in R]; conf=np.array([P[r['id']]['confidence'] for r in R])
    labels=sorted(set(gold))
    out={}
    for C in [0.1, 1.0]:
        pred=list(prior)
        byp=collections.defaultdict(list)
        for i,r in enumerate(R): byp[r['proposal']].append(i)
        for p,ix in byp.items():
            ix=np.array(ix); X=E[ix]-E[ix].mean(0); y=np.array([prior[i] for i in ix]); w=conf[ix]
            if len(set(y))<2: continue
            for tr,te in KFold(5,shuffle=True,random_state=0).split(ix):
                if len(set(y[tr]))<2: continue
                clf=LogisticRegression(C=C,class_weight='balanced',max_iter=2000).fit(X[tr],y[tr],sample_weight=w[tr])
                for j,lab in zip(te, clf.predict(X[te])): pred[ix[j]]=lab
        out[C]=round(f1_score(gold,pred,average='macro',labels=labels),3)
    print(f, 'prior', round(f1_score(gold,prior,average='macro',labels=labels),3), 'self-trained', out, flush=True)
