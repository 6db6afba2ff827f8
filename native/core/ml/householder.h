/*
 * Householder QR on a matrix stored by columns (column c of the m x n matrix is the contiguous row c of `at`, so
 * every reflector works on contiguous memory). Shared by trueno_qr and trueno_svd, which preconditions with it.
 */
#ifndef TRUENO_ML_HOUSEHOLDER_H
#define TRUENO_ML_HOUSEHOLDER_H

#include <stddef.h>

/*
 * Factors the m x n matrix held by columns in at (n x m) in place, k = min(m, n) reflectors: afterwards at[c][i]
 * for i <= c is R(i, c), and at[j][j+1..m) with tau[j] holds reflector j = I - tau v v^T, v = (1, at[j][j+1..m)).
 */
void trueno_ml_householder(size_t m, size_t n, double *at, double *tau);

/* Forms the m x k Q of those reflectors, by columns: qt (k x m), row i = column i of Q. */
void trueno_ml_form_q(size_t m, size_t k, const double *at, const double *tau, double *qt);

#endif
