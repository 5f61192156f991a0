/**
 * Compares what an ONNX session declares (names, element types, shapes) with the manifest's
 * file spec, before the session's first use. Pure, so it is tested without onnxruntime.
 */
import type { FileSpec, IoSpec } from './manifest.js';

export interface DeclaredValue {
  readonly name: string;
  /** Element type as onnxruntime names it ('float32', 'int64', ...); undefined when not a tensor. */
  readonly type: string | undefined;
  /** Declared dims: numbers for fixed sizes, strings for symbolic ones; empty when unknown. */
  readonly shape: readonly (number | string)[];
}

export interface DeclaredIo {
  readonly inputs: readonly DeclaredValue[];
  readonly outputs: readonly DeclaredValue[];
}

/** Returns the mismatches, each naming the file, the tensor and the field; empty when it fits. */
export function compareIo(label: string, spec: FileSpec, declared: DeclaredIo): string[] {
  const problems: string[] = [];
  for (const side of ['inputs', 'outputs'] as const) {
    const have = declared[side];
    for (const want of spec[side]) {
      const value = have.find((v) => v.name === want.name);
      if (value === undefined) {
        problems.push(`${label}: ${side} lack "${want.name}" (model has ${have.map((v) => `"${v.name}"`).join(', ') || 'none'})`);
        continue;
      }
      problems.push(...compareValue(`${label}: ${side.slice(0, -1)} "${want.name}"`, want, value));
    }
    for (const value of have) {
      if (!spec[side].some((w) => w.name === value.name)) {
        problems.push(`${label}: model has ${side.slice(0, -1)} "${value.name}" that the manifest does not list`);
      }
    }
  }
  return problems;
}

function compareValue(where: string, want: IoSpec, value: DeclaredValue): string[] {
  if (value.type !== undefined && value.type !== want.dtype) {
    return [`${where} is ${value.type}, manifest says ${want.dtype}`];
  }
  if (value.shape.length === 0) return [];
  if (value.shape.length !== want.shape.length) {
    return [`${where} has rank ${value.shape.length} [${value.shape.join(',')}], manifest says [${want.shape.join(',')}]`];
  }
  const problems: string[] = [];
  want.shape.forEach((wantDim, i) => {
    const dim = value.shape[i];
    // A symbolic name is free: exporters name axes their own way. Fixed sizes must agree.
    if (typeof wantDim === 'number' && typeof dim === 'number' && dim !== wantDim) {
      problems.push(`${where} dim ${i} is ${dim}, manifest says ${wantDim}`);
    }
    if (typeof wantDim === 'string' && typeof dim === 'number' && dim > 1 && i === 0) {
      problems.push(`${where} has a fixed batch dim ${dim}, manifest says "${wantDim}"`);
    }
  });
  return problems;
}
