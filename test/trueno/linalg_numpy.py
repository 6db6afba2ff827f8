# The numpy 2 figures of test/trueno/linalg.test.ts: $SOVEREIGN_PYTHON test/trueno/linalg_numpy.py > test/trueno/linalg-numpy.json
# (eigenvector and singular vector signs normalized to the core convention: the largest-magnitude entry positive).
import numpy as np, json
np.set_printoptions(precision=17)
A = np.array([[2., -1, 0.5], [1, 3, -2], [0, 1, 4], [-1, 2, 1], [0.5, 0.25, -3]])
S = np.array([[4., 1, -2, 0.5], [1, 3, 0, 1], [-2, 0, 5, -1], [0.5, 1, -1, 2]])
b = np.array([1., -2, 0.5, 3, 1])
out = {}
out['cholesky'] = np.linalg.cholesky(S).tolist()
out['cho_solve'] = np.linalg.solve(S, np.array([1., 2, 3, 4])).tolist()
q, r = np.linalg.qr(A); out['qr_q'] = q.tolist(); out['qr_r'] = r.tolist()
q, r = np.linalg.qr(A.T); out['qrT_q'] = q.tolist(); out['qrT_r'] = r.tolist()
w, v = np.linalg.eigh(S)
for i in range(v.shape[1]):
    j = np.argmax(np.abs(v[:, i])); v[:, i] *= np.sign(v[j, i])
out['eigh_w'] = w.tolist(); out['eigh_v'] = v.tolist()
def svdflip(u, s, vt):
    for i in range(vt.shape[0]):
        j = np.argmax(np.abs(vt[i])); sg = np.sign(vt[i, j]); vt[i] *= sg; u[:, i] *= sg
    return u, s, vt
u, s, vt = svdflip(*np.linalg.svd(A, full_matrices=False)); out['svd_u']=u.tolist(); out['svd_s']=s.tolist(); out['svd_vt']=vt.tolist()
u, s, vt = svdflip(*np.linalg.svd(A.T, full_matrices=False)); out['svdT_u']=u.tolist(); out['svdT_s']=s.tolist(); out['svdT_vt']=vt.tolist()
x, res, rank, sv = np.linalg.lstsq(A, b); out['lstsq_x']=x.tolist(); out['lstsq_res']=res.tolist(); out['lstsq_rank']=int(rank)
# rank deficient: duplicate column
D = np.column_stack([A[:, 0], A[:, 1], A[:, 0] + A[:, 1]])
x, res, rank, sv = np.linalg.lstsq(D, b); out['lstsqD_x']=x.tolist(); out['lstsqD_res']=res.tolist(); out['lstsqD_rank']=int(rank)
Xc = A - A.mean(0)
out['gram_centered'] = (Xc.T @ Xc).tolist(); out['xty_centered'] = (Xc.T @ (b - b.mean())).tolist()
print(json.dumps(out))
