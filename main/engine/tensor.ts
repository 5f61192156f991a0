/**
 * The engine's own tensor value: plain typed arrays with dims, so that generation code can be
 * driven by fake sessions in tests; `ort/` converts to and from onnxruntime tensors.
 */
export type TensorDtype = 'int64' | 'float32';

export type TensorValue =
  | { readonly dtype: 'int64'; readonly data: BigInt64Array; readonly dims: readonly number[] }
  | { readonly dtype: 'float32'; readonly data: Float32Array; readonly dims: readonly number[] };

export type Feeds = Record<string, TensorValue>;
export type Outputs = Record<string, TensorValue>;

/** One inference call of a named session; generation code sees only this. */
export type RunFn = (feeds: Feeds) => Promise<Outputs>;

export function int64(data: ArrayLike<number> | BigInt64Array, dims: readonly number[]): TensorValue {
  const array = data instanceof BigInt64Array ? data : BigInt64Array.from(Array.from(data), (v) => BigInt(v));
  checkSize(array.length, dims);
  return { dtype: 'int64', data: array, dims: [...dims] };
}

export function float32(data: Float32Array, dims: readonly number[]): TensorValue {
  checkSize(data.length, dims);
  return { dtype: 'float32', data, dims: [...dims] };
}

function checkSize(length: number, dims: readonly number[]): void {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== length) throw new Error(`tensor of ${length} values cannot have dims [${dims.join(',')}]`);
}

export function describeTensor(name: string, value: TensorValue): string {
  return `${name}: ${value.dtype}[${value.dims.join(',')}]`;
}

/** Reads a named float32 output, naming the session role when it is missing or of another type. */
export function floatOutput(outputs: Outputs, name: string, role: string): TensorValue & { dtype: 'float32' } {
  const value = outputs[name];
  if (value === undefined) throw new Error(`${role} returned no "${name}" output`);
  if (value.dtype !== 'float32') throw new Error(`${role} output "${name}" is ${value.dtype}, expected float32`);
  return value;
}

export function intOutput(outputs: Outputs, name: string, role: string): TensorValue & { dtype: 'int64' } {
  const value = outputs[name];
  if (value === undefined) throw new Error(`${role} returned no "${name}" output`);
  if (value.dtype !== 'int64') throw new Error(`${role} output "${name}" is ${value.dtype}, expected int64`);
  return value;
}
