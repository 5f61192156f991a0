/**
 * A minimal ONNX model writer: enough protobuf to describe small graphs of standard operators.
 * The engine builds its logits scorer with it (`scorer.ts`), and tests build synthetic packs,
 * so both run real onnxruntime sessions without Python.
 * Field numbers follow onnx.proto (ModelProto, GraphProto, NodeProto, ValueInfoProto, TensorProto).
 */
type Dim = number | string;
export type ElemType = 'float32' | 'int64';
const ELEM: Record<ElemType, number> = { float32: 1, int64: 7 };

class Writer {
  private readonly bytes: number[] = [];

  varint(field: number, value: number | bigint): this {
    this.key(field, 0);
    this.rawVarint(BigInt.asUintN(64, BigInt(value)));
    return this;
  }

  bytesField(field: number, data: Uint8Array): this {
    this.key(field, 2);
    this.rawVarint(BigInt(data.length));
    for (const b of data) this.bytes.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  message(field: number, inner: Writer): this {
    return this.bytesField(field, inner.finish());
  }

  float(field: number, value: number): this {
    this.key(field, 5);
    const buf = new Uint8Array(new Float32Array([value]).buffer);
    for (const b of buf) this.bytes.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }

  private key(field: number, wire: number): void {
    this.rawVarint(BigInt((field << 3) | wire));
  }

  private rawVarint(value: bigint): void {
    let v = value;
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      this.bytes.push(byte);
    } while (v > 0n);
  }
}

export interface ValueDecl {
  name: string;
  type: ElemType;
  shape: Dim[];
}

export type Attr = { name: string; i?: number; f?: number; ints?: number[]; t?: Initializer };

export interface NodeDecl {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Attr[];
}

export interface Initializer {
  name: string;
  type: ElemType;
  dims: number[];
  values: number[];
}

function valueInfo(v: ValueDecl): Writer {
  const shape = new Writer();
  for (const d of v.shape) shape.message(1, typeof d === 'number' ? new Writer().varint(1, d) : new Writer().string(2, d));
  const tensorType = new Writer().varint(1, ELEM[v.type]).message(2, shape);
  return new Writer().string(1, v.name).message(2, new Writer().message(1, tensorType));
}

function tensor(init: Initializer): Writer {
  const w = new Writer();
  for (const d of init.dims) w.varint(1, d);
  w.varint(2, ELEM[init.type]);
  w.string(8, init.name);
  const raw =
    init.type === 'float32'
      ? new Uint8Array(Float32Array.from(init.values).buffer)
      : new Uint8Array(BigInt64Array.from(init.values.map((x) => BigInt(x))).buffer);
  w.bytesField(9, raw);
  return w;
}

function attribute(a: Attr): Writer {
  const w = new Writer().string(1, a.name);
  if (a.f !== undefined) w.float(2, a.f).varint(20, 1);
  else if (a.i !== undefined) w.varint(3, a.i).varint(20, 2);
  else if (a.t !== undefined) w.message(5, tensor(a.t)).varint(20, 4);
  else if (a.ints !== undefined) {
    for (const x of a.ints) w.varint(8, x);
    w.varint(20, 7);
  }
  return w;
}

export function buildModel(graph: {
  inputs: ValueDecl[];
  outputs: ValueDecl[];
  nodes: NodeDecl[];
  initializers?: Initializer[];
  opset?: number;
}): Uint8Array {
  const g = new Writer();
  graph.nodes.forEach((n, i) => {
    const node = new Writer();
    for (const x of n.inputs) node.string(1, x);
    for (const x of n.outputs) node.string(2, x);
    node.string(3, `n${i}`).string(4, n.op);
    for (const a of n.attrs ?? []) node.message(5, attribute(a));
    g.message(1, node);
  });
  g.string(2, 'test');
  for (const init of graph.initializers ?? []) g.message(5, tensor(init));
  for (const v of graph.inputs) g.message(11, valueInfo(v));
  for (const v of graph.outputs) g.message(12, valueInfo(v));
  const opset = new Writer().string(1, '').varint(2, graph.opset ?? 17);
  return new Writer().varint(1, 8).string(2, 'soundstorm-tests').message(7, g).message(8, opset).finish();
}
