/**
 * The one module that imports onnxruntime-node. Sessions are named by role; each is created
 * on the first provider that accepts it (reasons for the others recorded), its declared inputs
 * and outputs are checked against the manifest before first use, and every run checks the feeds
 * against `session.inputNames`, reporting names, shapes and dtypes when anything is off.
 */
import * as ort from 'onnxruntime-node';
import { EngineError } from '../errors.js';
import { compareIo, type DeclaredValue } from '../pack/io-check.js';
import type { LoadedPack } from '../pack/load.js';
import { type Role, ROLES } from '../pack/manifest.js';
import { describeTensor, type Feeds, type Outputs, type RunFn, type TensorValue } from '../tensor.js';
import { type ProviderName, providerCandidates } from './providers.js';

export interface ProviderReport {
  readonly role: Role;
  readonly provider: ProviderName;
  /** Providers not used for this session and why (skipped or failed). */
  readonly rejected: readonly { provider: ProviderName; reason: string }[];
}

export interface RoleSession {
  readonly role: Role;
  readonly report: ProviderReport;
  readonly run: RunFn;
  release(): Promise<void>;
}

export interface SessionOptions {
  readonly providers?: readonly ProviderName[];
  readonly intraOpThreads?: number;
}

export async function openSession(pack: LoadedPack, role: Role, options: SessionOptions = {}): Promise<RoleSession> {
  const path = pack.filePath(role);
  const rejected: { provider: ProviderName; reason: string }[] = [];
  for (const candidate of providerCandidates(options.providers)) {
    if (candidate.skipReason !== undefined) {
      rejected.push({ provider: candidate.name, reason: candidate.skipReason });
      continue;
    }
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(path, {
        executionProviders: [candidate.name],
        graphOptimizationLevel: 'all',
        ...(options.intraOpThreads !== undefined ? { intraOpNumThreads: options.intraOpThreads } : {}),
      });
    } catch (error) {
      rejected.push({ provider: candidate.name, reason: firstLine(error) });
      continue;
    }
    const problems = compareIo(`${path} (${role})`, pack.manifest.files[role], {
      inputs: session.inputMetadata.map(declared),
      outputs: session.outputMetadata.map(declared),
    });
    if (problems.length > 0) {
      await session.release();
      throw new EngineError('SESSION_IO', problems.join('; '));
    }
    const report: ProviderReport = { role, provider: candidate.name, rejected };
    const opened: RoleSession = { role, report, run: checkedRun(role, session), release: () => session.release() };
    return candidate.name === 'cpu' ? opened : withCpuFallback(pack, opened, options);
  }
  throw new EngineError('SESSION_RUN', `${path} (${role}): no execution provider could load it: ${rejected.map((r) => `${r.provider}: ${r.reason}`).join('; ')}`);
}

/**
 * A session on an accelerator that fails to run (an operator its provider cannot execute at this
 * shape, a lost device) is replaced by a CPU session once, with the reason recorded in its report.
 */
function withCpuFallback(pack: LoadedPack, accelerated: RoleSession, options: SessionOptions): RoleSession {
  let current = accelerated;
  let fellBack = false;
  return {
    role: accelerated.role,
    get report(): ProviderReport {
      return current.report;
    },
    run: async (feeds) => {
      try {
        return await current.run(feeds);
      } catch (error) {
        if (fellBack || !(error instanceof EngineError) || error.code !== 'SESSION_RUN') throw error;
        fellBack = true;
        const cpu = await openSession(pack, accelerated.role, { ...options, providers: ['cpu'] });
        const previous = current;
        current = {
          ...cpu,
          report: { ...cpu.report, rejected: [...accelerated.report.rejected, { provider: accelerated.report.provider, reason: `failed at run time: ${error.message}` }] },
        };
        await previous.release().catch(() => undefined);
        return current.run(feeds);
      }
    },
    release: () => current.release(),
  };
}

export type SessionSet = Record<Role, RoleSession>;

export async function openAllSessions(pack: LoadedPack, options: SessionOptions = {}): Promise<SessionSet> {
  const opened: RoleSession[] = [];
  try {
    for (const role of ROLES) opened.push(await openSession(pack, role, options));
  } catch (error) {
    await Promise.all(opened.map((s) => s.release()));
    throw error;
  }
  return Object.fromEntries(opened.map((s) => [s.role, s])) as SessionSet;
}

function declared(meta: ort.InferenceSession.ValueMetadata): DeclaredValue {
  return meta.isTensor ? { name: meta.name, type: meta.type, shape: [...meta.shape] } : { name: meta.name, type: undefined, shape: [] };
}

function checkedRun(role: Role, session: ort.InferenceSession): RunFn {
  return async (feeds: Feeds): Promise<Outputs> => {
    const given = Object.keys(feeds);
    const missing = session.inputNames.filter((n) => !given.includes(n));
    const extra = given.filter((n) => !session.inputNames.includes(n));
    const describe = (): string => Object.entries(feeds).map(([n, v]) => describeTensor(n, v)).join(', ');
    if (missing.length > 0 || extra.length > 0) {
      throw new EngineError(
        'SESSION_IO',
        `${role}: feeds do not match the session's inputs [${session.inputNames.join(', ')}]` +
          `${missing.length > 0 ? `; missing ${missing.join(', ')}` : ''}${extra.length > 0 ? `; unexpected ${extra.join(', ')}` : ''}; given ${describe()}`,
      );
    }
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, value] of Object.entries(feeds)) ortFeeds[name] = toOrt(value);
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await session.run(ortFeeds);
    } catch (error) {
      throw new EngineError('SESSION_RUN', `${role}: run failed with ${describe()}: ${firstLine(error)}`, { cause: error });
    }
    const outputs: Outputs = {};
    for (const [name, tensor] of Object.entries(results)) outputs[name] = fromOrt(role, name, tensor);
    return outputs;
  };
}

function toOrt(value: TensorValue): ort.Tensor {
  return value.dtype === 'int64' ? new ort.Tensor('int64', value.data, value.dims) : new ort.Tensor('float32', value.data, value.dims);
}

function fromOrt(role: Role, name: string, tensor: ort.Tensor): TensorValue {
  const dims = [...tensor.dims];
  if (tensor.type === 'float32' && tensor.data instanceof Float32Array) return { dtype: 'float32', data: tensor.data, dims };
  if (tensor.type === 'int64' && tensor.data instanceof BigInt64Array) return { dtype: 'int64', data: tensor.data, dims };
  throw new EngineError('SESSION_IO', `${role}: output "${name}" is ${tensor.type}[${dims.join(',')}], expected float32 or int64`);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? text).slice(0, 400);
}
