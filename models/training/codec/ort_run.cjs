// Runs one ONNX model in onnxruntime-node (the runtime the app uses) for the Python side.
// usage: node ort_run.cjs spec.json
// spec: {"model": path, "threads": 1, "repeat": 1,
//        "inputs": {"name": {"dtype": "float32"|"int64", "shape": [..], "file": raw little-endian}},
//        "outputs": {"name": raw output file}}
// prints JSON: {"outputs": {"name": {"dtype", "shape"}}, "seconds": [wall, per repeat],
//               "cpuSeconds": [process CPU time, per repeat], "inputNames", "outputNames"}
const fs = require('fs');
const path = require('path');
const ort = require(path.join(__dirname, '../../../node_modules/onnxruntime-node'));

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const threads = spec.threads || 1;
  const session = await ort.InferenceSession.create(spec.model, {
    intraOpNumThreads: threads, interOpNumThreads: 1, executionProviders: ['cpu'],
  });
  const feeds = {};
  for (const [name, t] of Object.entries(spec.inputs)) {
    const buf = fs.readFileSync(t.file);
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const data = t.dtype === 'int64' ? new BigInt64Array(ab) : new Float32Array(ab);
    feeds[name] = new ort.Tensor(t.dtype, data, t.shape);
  }
  const seconds = [];
  const cpuSeconds = [];
  let res;
  for (let i = 0; i < (spec.repeat || 1); i++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    res = await session.run(feeds);
    const c = process.cpuUsage(c0);
    seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
    cpuSeconds.push((c.user + c.system) / 1e6);
  }
  const outputs = {};
  for (const [name, file] of Object.entries(spec.outputs || {})) {
    const t = res[name];
    fs.writeFileSync(file, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    outputs[name] = { dtype: t.type, shape: t.dims };
  }
  console.log(JSON.stringify({ outputs, seconds, cpuSeconds, inputNames: session.inputNames, outputNames: session.outputNames }));
}
main().catch((e) => { console.error(e && e.stack || String(e)); process.exit(1); });
