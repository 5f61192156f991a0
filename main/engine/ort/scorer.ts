/**
 * The onnxruntime implementation of the loop's logits scorer: two small graphs built in memory
 * (no files), run on CPU, where the logits already are.
 *   greedy:     logits [1,T,K] -> tokens = ArgMax (first on ties), confidence = 1 / sum(exp(l - max))
 *   cumulative: logits [1,T,K], inv_temperature [1] -> CumSum(Softmax(l * inv_temperature))
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

export interface OrtScorer extends LogitsScorer {
  release(): Promise<void>;
}

export async function createOrtScorer(): Promise<OrtScorer> {
  const options: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], graphOptimizationLevel: 'all' };
  const greedy = await ort.InferenceSession.create(greedyGraph(), options);
  const cumulative = await ort.InferenceSession.create(cumulativeGraph(), options);
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
    async release(): Promise<void> {
      await Promise.all([greedy.release(), cumulative.release()]);
    },
  };
}
