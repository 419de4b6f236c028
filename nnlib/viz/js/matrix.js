// Small dense matrices for the page's twin of nnlib: float64, row after row, no dependencies.
//
// A Matrix is { rows, cols, data } with data a Float64Array of rows * cols numbers, entry (i, j)
// at data[i * cols + j] (numpy's C order). As in nnlib, a batch holds one example per column:
// X is (n_0, m), a^[l] and z^[l] are (n_l, m), W^[l] is (n_l, n_{l-1}), b^[l] is (n_l, 1).

export class Matrix {
  /** A rows x cols matrix; data (optional) is copied from any array of rows * cols numbers. */
  constructor(rows, cols, data) {
    for (const [name, n] of [["rows", rows], ["cols", cols]]) {
      if (!Number.isInteger(n) || n < 1) {
        throw new Error(`Matrix ${name} must be a positive integer; got ${n}`);
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.data = new Float64Array(rows * cols);
    if (data !== undefined) {
      if (data.length !== rows * cols) {
        throw new Error(`a (${rows}, ${cols}) matrix needs ${rows * cols} numbers; got ${data.length}`);
      }
      this.data.set(data);
    }
  }

  /** The matrix whose rows are the given arrays (Python's M.tolist() gives this form). */
  static fromRows(rows, name = "matrix") {
    if (!Array.isArray(rows) || rows.length === 0 || !rows.every(Array.isArray)) {
      throw new Error(`${name} must be a non-empty array of rows (arrays of numbers); got ${describe(rows)}`);
    }
    const cols = rows[0].length;
    rows.forEach((row, i) => {
      if (row.length !== cols) {
        throw new Error(`${name} must have rows of equal length; row 0 has ${cols} entries, ` +
          `row ${i} has ${row.length}`);
      }
      row.forEach((v, j) => {
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new Error(`${name} must contain only finite numbers; ${name}[${i}][${j}] is ${v}`);
        }
      });
    });
    return new Matrix(rows.length, cols, rows.flat());
  }

  get shape() {
    return `(${this.rows}, ${this.cols})`;
  }

  get(i, j) {
    return this.data[i * this.cols + j];
  }

  /** The rows as plain arrays (the inverse of fromRows). */
  toRows() {
    const row = (i) => Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols));
    return Array.from({ length: this.rows }, (_, i) => row(i));
  }

  copy() {
    return new Matrix(this.rows, this.cols, this.data);
  }
}

/** A short description of a value for error messages. */
export function describe(value) {
  if (value instanceof Matrix) return `a matrix of shape ${value.shape}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return `${typeof value} ${String(value).slice(0, 40)}`;
}

/** Throw unless M is a Matrix of shape (rows, cols); cols = null accepts any number of columns. */
export function checkShape(name, M, rows, cols = null) {
  if (!(M instanceof Matrix)) {
    throw new Error(`${name} must be a Matrix of shape (${rows}, ${cols ?? "m"}); got ${describe(M)}`);
  }
  if (M.rows !== rows || (cols !== null && M.cols !== cols)) {
    const hint = M.cols === rows && M.rows !== rows ? " It looks transposed (examples as rows)." : "";
    throw new Error(`${name} has shape ${M.shape}, expected (${rows}, ${cols ?? "m"}).${hint}`);
  }
  return M;
}

/** A B, shape (A.rows, B.cols). */
export function matmul(A, B) {
  if (A.cols !== B.rows) throw new Error(`cannot multiply ${A.shape} by ${B.shape}: inner sizes differ`);
  const C = new Matrix(A.rows, B.cols);
  const n = A.cols, p = B.cols;
  for (let i = 0; i < A.rows; i++) {
    for (let k = 0; k < n; k++) {
      const aik = A.data[i * n + k];
      for (let j = 0; j < p; j++) C.data[i * p + j] += aik * B.data[k * p + j];
    }
  }
  return C;
}

/** A^T B without forming A^T, shape (A.cols, B.cols). */
export function matmulTransposeA(A, B) {
  if (A.rows !== B.rows) {
    throw new Error(`cannot multiply the transpose of ${A.shape} by ${B.shape}: inner sizes differ`);
  }
  const C = new Matrix(A.cols, B.cols);
  const n = A.cols, p = B.cols;
  for (let k = 0; k < A.rows; k++) {
    for (let i = 0; i < n; i++) {
      const aki = A.data[k * n + i];
      for (let j = 0; j < p; j++) C.data[i * p + j] += aki * B.data[k * p + j];
    }
  }
  return C;
}

/** A B^T without forming B^T, shape (A.rows, B.rows): a sum over the columns (the examples). */
export function matmulTransposeB(A, B) {
  if (A.cols !== B.cols) {
    throw new Error(`cannot multiply ${A.shape} by the transpose of ${B.shape}: inner sizes differ`);
  }
  const C = new Matrix(A.rows, B.rows);
  const n = A.cols;
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.rows; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += A.data[i * n + k] * B.data[j * n + k];
      C.data[i * B.rows + j] = s;
    }
  }
  return C;
}

/** M with the column b added to each of its columns (numpy's broadcasting of W a + b), in place. */
export function addColumnInPlace(M, b) {
  if (b.rows !== M.rows || b.cols !== 1) throw new Error(`cannot add a ${b.shape} column to a ${M.shape} matrix`);
  for (let i = 0; i < M.rows; i++) {
    for (let j = 0; j < M.cols; j++) M.data[i * M.cols + j] += b.data[i];
  }
  return M;
}

/** f applied to every entry: a new matrix of M's shape. */
export function map(M, f) {
  const out = new Matrix(M.rows, M.cols);
  for (let k = 0; k < M.data.length; k++) out.data[k] = f(M.data[k]);
  return out;
}

/** The element-wise product A * B (the book's odot), a new matrix. */
export function hadamard(A, B) {
  if (A.rows !== B.rows || A.cols !== B.cols) throw new Error(`cannot multiply ${A.shape} by ${B.shape} element-wise`);
  const out = new Matrix(A.rows, A.cols);
  for (let k = 0; k < A.data.length; k++) out.data[k] = A.data[k] * B.data[k];
  return out;
}

/** The sum of the columns, shape (rows, 1): the sum over the examples of a batch. */
export function sumColumns(M) {
  const out = new Matrix(M.rows, 1);
  for (let i = 0; i < M.rows; i++) {
    let s = 0;
    for (let j = 0; j < M.cols; j++) s += M.data[i * M.cols + j];
    out.data[i] = s;
  }
  return out;
}

/** The columns of M listed in cols, in that order: a (M.rows, cols.length) matrix. */
export function columns(M, cols) {
  const out = new Matrix(M.rows, cols.length);
  for (let i = 0; i < M.rows; i++) {
    cols.forEach((c, j) => { out.data[i * cols.length + j] = M.data[i * M.cols + c]; });
  }
  return out;
}
