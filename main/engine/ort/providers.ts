/**
 * Which execution providers to try, in order: CUDA (only where its provider library is
 * installed), WebGPU, DirectML (Windows) or CoreML (macOS), then CPU. The choice is made per
 * session by `sessions.ts`, which records why each skipped provider was skipped.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ProviderName = 'cuda' | 'webgpu' | 'dml' | 'coreml' | 'cpu';

export interface ProviderCandidate {
  readonly name: ProviderName;
  /** Why it is not tried at all on this machine; undefined when it is tried. */
  readonly skipReason: string | undefined;
}

const require = createRequire(import.meta.url);

function ortBinaryDir(): string | undefined {
  try {
    const pkg = require.resolve('onnxruntime-node/package.json');
    return join(dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return undefined;
  }
}

function cudaSkipReason(): string | undefined {
  if (process.platform !== 'linux' && process.platform !== 'win32') return `no CUDA build for ${process.platform}`;
  const dir = ortBinaryDir();
  const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  if (dir === undefined || !existsSync(join(dir, lib))) return `${lib} is not installed with onnxruntime-node`;
  return undefined;
}

/** On Linux, Dawn needs a GPU device node; without one it only prints Vulkan warnings and fails. */
function webgpuSkipReason(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  let nodes: string[] = [];
  try {
    nodes = [...readdirSync('/dev').filter((n) => /^nvidia\d+$/.test(n)), ...(existsSync('/dev/dri') ? readdirSync('/dev/dri') : [])];
  } catch {
    return undefined;
  }
  return nodes.length === 0 ? 'no GPU device (/dev/dri or /dev/nvidia*) on this machine' : undefined;
}

/** Parses a comma list such as "webgpu,cpu" (SOUNDSTORM_PROVIDERS); unknown names are an error. */
export function parseProviderList(list: string): ProviderName[] {
  const known: ProviderName[] = ['cuda', 'webgpu', 'dml', 'coreml', 'cpu'];
  return list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '')
    .map((s) => {
      const name = known.find((k) => k === s);
      if (name === undefined) throw new Error(`unknown execution provider "${s}" (known: ${known.join(', ')})`);
      return name;
    });
}

export function providerCandidates(preferred?: readonly ProviderName[]): ProviderCandidate[] {
  const order: ProviderName[] = preferred !== undefined && preferred.length > 0 ? [...preferred] : ['cuda', 'webgpu', 'dml', 'coreml', 'cpu'];
  if (!order.includes('cpu')) order.push('cpu');
  return order.map((name) => ({ name, skipReason: platformSkipReason(name) }));
}

function platformSkipReason(name: ProviderName): string | undefined {
  switch (name) {
    case 'cuda':
      return cudaSkipReason();
    case 'dml':
      return process.platform === 'win32' ? undefined : 'DirectML exists only on Windows';
    case 'coreml':
      return process.platform === 'darwin' ? undefined : 'CoreML exists only on macOS';
    case 'webgpu':
      return webgpuSkipReason();
    case 'cpu':
      return undefined;
  }
}
