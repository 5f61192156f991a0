/**
 * The onnxruntime implementation of the loop's logits scorer: two small graphs built in memory
 * (no files), run on CPU, where the logits already are.
 *   greedy:     logits [1,T,K] -> tokens = ArgMax (first on ties), confidence = 1 / sum(exp(l - max))
 *   cumulative: logits [1,T,K], inv_temperature [1] -> CumSum(Softmax(l * inv_temperature))
 *   sorted:     the same over the `keep` best codes (TopK), with their indices, for top-k/top-p,
 *               renormalised over them or (nucleus prefilter) under the full softmax
 */
import * as ort from 'onnxruntime-node';
import type { GreedyScores, LogitsScorer } from '../generate/scorer.js';
import { buildModel } from './onnx-writer.js';

const logitsIn = { name: 'logits', type: 'float32' as const, shape: [1, 'T', 'K'] };

function greedyGraph(): Uint8Array {
  return buildModel({
    inputs: [logitsIn],
    outputs: [
      { name: 'tokens', type: 'int64', shape: [1, 'T'] },
      { name: 'confidence', type: 'float32', shape: [1, 'T'] },
    ],
    nodes: [
      { op: 'ReduceMax', inputs: ['logits'], outputs: ['max'], attrs: [{ name: 'axes', ints: [2] }, { name: 'keepdims', i: 1 }] },
      { op: 'Sub', inputs: ['logits', 'max'], outputs: ['shifted'] },
      { op: 'Exp', inputs: ['shifted'], outputs: ['e'] },
      { op: 'ReduceSum', inputs: ['e', 'axis'], outputs: ['sum'], attrs: [{ name: 'keepdims', i: 0 }] },
      { op: 'Reciprocal', inputs: ['sum'], outputs: ['confidence'] },
      { op: 'ArgMax', inputs: ['logits'], outputs: ['tokens'], attrs: [{ name: 'axis', i: 2 }, { name: 'keepdims', i: 0 }, { name: 'select_last_index', i: 0 }] },
    ],
    initializers: [{ name: 'axis', type: 'int64', dims: [1], values: [2] }],
  });
}

function cumulativeGraph(): Uint8Array {
  return buildModel({
    inputs: [logitsIn, { name: 'inv_temperature', type: 'float32', shape: [1] }],
    outputs: [{ name: 'cdf', type: 'float32', shape: [1, 'T', 'K'] }],
    nodes: [
      { op: 'Mul', inputs: ['logits', 'inv_temperature'], outputs: ['scaled'] },
      { op: 'Softmax', inputs: ['scaled'], outputs: ['p'], attrs: [{ name: 'axis', i: -1 }] },
      { op: 'CumSum', inputs: ['p', 'axis'], outputs: ['cdf'] },
    ],
    initializers: [{ name: 'axis', type: 'int64', dims: [], values: [2] }],
  });
}

/**
 * The `keep` best codes per frame with a cumulative distribution: renormalised over just them
 * (top-k), or under the full softmax (`LogSumExp` over all K: a nucleus prefilter).
 */
function sortedGraph(overAll: boolean): Uint8Array {
  const probabilities = overAll
    ? [
        { op: 'ReduceLogSumExp', inputs: ['scaled'], outputs: ['lse'], attrs: [{ name: 'axes', ints: [2] }, { name: 'keepdims', i: 1 }] },
        { op: 'Sub', inputs: ['values', 'lse'], outputs: ['logp'] },
        { op: 'Exp', inputs: ['logp'], outputs: ['p'] },
      ]
    : [{ op: 'Softmax', inputs: ['values'], outputs: ['p'], attrs: [{ name: 'axis', i: -1 }] }];
  return buildModel({
    inputs: [logitsIn, { name: 'inv_temperature', type: 'float32', shape: [1] }, { name: 'keep', type: 'int64', shape: [1] }],
    outputs: [
      { name: 'cdf', type: 'float32', shape: [1, 'T', 'k'] },
      { name: 'indices', type: 'int64', shape: [1, 'T', 'k'] },
    ],
    nodes: [
      { op: 'Mul', inputs: ['logits', 'inv_temperature'], outputs: ['scaled'] },
      { op: 'TopK', inputs: ['scaled', 'keep'], outputs: ['values', 'indices'], attrs: [{ name: 'axis', i: -1 }, { name: 'largest', i: 1 }, { name: 'sorted', i: 1 }] },
      ...probabilities,
      { op: 'CumSum', inputs: ['p', 'axis'], outputs: ['cdf'] },
    ],
    initializers: [{ name: 'axis', type: 'int64', dims: [], values: [2] }],
  });
}

export interface OrtScorer extends LogitsScorer {
  release(): Promise<void>;
}

export async function createOrtScorer(): Promise<OrtScorer> {
  const options: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], graphOptimizationLevel: 'all' };
  const greedy = await ort.InferenceSession.create(greedyGraph(), options);
  const cumulative = await ort.InferenceSession.create(cumulativeGraph(), options);
  const sorted = await ort.InferenceSession.create(sortedGraph(false), options);
  const nucleus = await ort.InferenceSession.create(sortedGraph(true), options);
  return {
    async greedy(logits, frames, codes): Promise<GreedyScores> {
      const out = await greedy.run({ logits: new ort.Tensor('float32', logits, [1, frames, codes]) });
      const tokens = out.tokens?.data;
      const confidence = out.confidence?.data;
      if (!(tokens instanceof BigInt64Array) || !(confidence instanceof Float32Array)) throw new Error('scorer: greedy graph returned unexpected outputs');
      return { tokens, confidence };
    },
    async cumulative(logits, frames, codes, temperature): Promise<Float32Array> {
      const out = await cumulative.run({
        logits: new ort.Tensor('float32', logits, [1, frames, codes]),
        inv_temperature: new ort.Tensor('float32', Float32Array.of(1 / temperature), [1]),
      });
      const cdf = out.cdf?.data;
      if (!(cdf instanceof Float32Array)) throw new Error('scorer: cumulative graph returned unexpected outputs');
      return cdf;
    },
    async sortedCumulative(logits, frames, codes, temperature, keep, overAll) {
      const out = await (overAll ? nucleus : sorted).run({
        logits: new ort.Tensor('float32', logits, [1, frames, codes]),
        inv_temperature: new ort.Tensor('float32', Float32Array.of(1 / temperature), [1]),
        keep: new ort.Tensor('int64', BigInt64Array.of(BigInt(Math.min(keep, codes))), [1]),
      });
      const cdf = out.cdf?.data;
      const indices = out.indices?.data;
      if (!(cdf instanceof Float32Array) || !(indices instanceof BigInt64Array)) throw new Error('scorer: sorted graph returned unexpected outputs');
      return { cdf, indices };
    },
    async release(): Promise<void> {
      await Promise.all([greedy.release(), cumulative.release(), sorted.release(), nucleus.release()]);
    },
  };
}
