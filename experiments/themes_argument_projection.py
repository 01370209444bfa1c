"""Themes from argument-tuned vectors, tried on 2026-11-26 and rejected (docs/ACCURACY.md).

A linear map of the frozen MiniLM vectors is trained with a supervised contrastive loss so that
ArgKP arguments sharing an expert key point lie together (the motions of the ArgKP stance file's
`train` split only), then gambling-xs is clustered with and without it by a simple stand-in for
Barometer's themes stage (centred sentence vectors plus their answer's mean, k-means, k = 11).
Needs sentence-transformers and scikit-learn; scores with the shared score.py.
"""
import json, re, numpy as np, random, torch, subprocess, collections, os
from sentence_transformers import SentenceTransformer
from sklearn.cluster import KMeans
torch.manual_seed(0); random.seed(0)
m = SentenceTransformer(os.environ.get('MODEL_DIR', os.path.expanduser('~/.local/share/barometer/models/all-minilm-l6-v2')), device='cpu')
D=os.environ.get('DATA_DIR', '../../shared/datasets/dev') + '/'
A=[json.loads(l) for l in open(D+'themes-argkp-dev.jsonl')]
G=[json.loads(l) for l in open(D+'themes-gambling-xs.jsonl')]
cache='/tmp/proj_cache.npz'
def split(t): return [s for s in re.split(r'(?<=[.!?])\s+', t) if len(s.split())>=2] or [t]
gs=[split(r['text']) for r in G]; gflat=[s for ss in gs for s in ss]; gown=np.array([i for i,ss in enumerate(gs) for _ in ss])
if os.path.exists(cache):
    z=np.load(cache); EA=z['a']; EG=z['g']
else:
    EA=m.encode([r['text'] for r in A], normalize_embeddings=True, batch_size=64)
    EG=m.encode(gflat, normalize_embeddings=True, batch_size=64)
    np.savez(cache,a=EA,g=EG)
# training pairs: ArgKP train motions, args with exactly one kp
SPL={json.loads(l)['id']:json.loads(l)['split'] for l in open(D+'stance-argkp-dev.jsonl')}
tr=[i for i,r in enumerate(A) if SPL[r['id']]=='train' and len(r['themes'])==1]
lab=[A[i]['themes'][0] for i in tr]
labs=sorted(set(lab)); y=torch.tensor([labs.index(l) for l in lab])
X=torch.tensor(EA[tr])
motion=[A[i]['question'] for i in tr]
print('train args', len(tr), 'kps', len(labs))
def train_proj(dim=256, steps=300, temp=0.1):
    W=torch.nn.Linear(384,dim,bias=False)
    torch.nn.init.eye_(W.weight) if dim==384 else None
    opt=torch.optim.Adam(W.parameters(), lr=1e-3)
    # batches within a motion (negatives = other kps of same motion)
    bym=collections.defaultdict(list)
    for j,mo in enumerate(motion): bym[mo].append(j)
    ms=list(bym)
    for s in range(steps):
        idx=torch.tensor(random.sample(bym[ms[s%len(ms)]], min(64,len(bym[ms[s%len(ms)]]))))
        z=torch.nn.functional.normalize(W(X[idx]),dim=-1); yy=y[idx]
        sim=z@z.t()/temp; sim.fill_diagonal_(-1e9)
        pos=(yy[:,None]==yy[None,:]).float(); pos.fill_diagonal_(0)
        logp=sim.log_softmax(-1)
        has=pos.sum(1)>0
        loss=-(logp*pos).sum(1)[has]/pos.sum(1)[has]
        loss=loss.mean(); opt.zero_grad(); loss.backward(); opt.step()
    return W
def proj(W,E):
    if W is None: return E
    with torch.no_grad(): z=W(torch.tensor(E)).numpy()
    return z/np.linalg.norm(z,axis=1,keepdims=True)
def score(gold_rows, pred, path):
    with open(path+'.g','w') as f:
        for r in gold_rows: f.write(json.dumps(r)+'\n')
    with open(path,'w') as f:
        for k,v in pred.items(): f.write(json.dumps({'id':k,'themes':sorted(v)})+'\n')
    o=json.loads(subprocess.check_output(['python3', D + '../../tools/score.py','themes',path+'.g',path]))
    return round(o['recovery_f1'],3), round(o['mapping_f1'],3)
def gambling(W,k=11,ctx=1.0):
    pred={}
    Z=proj(W,EG)
    for q in ['q1','q2']:
        idx=[j for j,o in enumerate(gown) if G[o]['id'].startswith('gambling-'+q)]
        V=Z[idx]-Z[idx].mean(0)
        own=gown[idx]
        means={o:V[own==o].mean(0) for o in set(own)}
        V=V+ctx*np.array([means[o] for o in own])
        V=V/np.linalg.norm(V,axis=1,keepdims=True)
        lab=KMeans(k,n_init=10,random_state=0).fit_predict(V)
        for o,l in zip(own,lab): pred.setdefault(G[o]['id'],set()).add(f'{q}-{l}')
    return score(G,pred,'/tmp/pg.jsonl')
def argkp(W):
    te=[i for i,r in enumerate(A) if SPL[r['id']]=='test']
    Z=proj(W,EA); pred={}
    bym=collections.defaultdict(list)
    for i in te: bym[A[i]['question']].append(i)
    for mi,(mo,ix) in enumerate(bym.items()):
        kps=len({t for i in ix for t in A[i]['themes']})
        V=Z[ix]-Z[ix].mean(0); V=V/np.linalg.norm(V,axis=1,keepdims=True)
        lab=KMeans(max(2,kps),n_init=10,random_state=0).fit_predict(V)
        for i,l in zip(ix,lab): pred[A[i]['id']]={f'{mi}-{l}'}
    return score([A[i] for i in te],pred,'/tmp/pa.jsonl')
print('raw       gambling', gambling(None), 'ctx0', gambling(None,ctx=0), 'argkp-test', argkp(None))
for dim,steps,temp in [(384,300,0.1),(256,300,0.1),(128,500,0.1),(384,1000,0.05)]:
    W=train_proj(dim,steps,temp)
    print(f'proj {dim} {steps} {temp} gambling', gambling(W), 'ctx0', gambling(W,ctx=0), 'argkp-test', argkp(W), flush=True)
