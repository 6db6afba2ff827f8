/**
 * An ONNX graph under construction and its serialization to ModelProto bytes through onnx-proto (the generated
 * protobuf classes of onnx.proto). Converters add nodes and constants by name; the builder hands out unique names,
 * records which operator-set domains the nodes use, and writes the model.
 */
import { onnx } from 'onnx-proto';

/** The element types the exported graphs use. */
export type ElemType = 'float' | 'double' | 'int64' | 'string' | 'bool';

const ELEM: Record<ElemType, onnx.TensorProto.DataType> = {
  float: onnx.TensorProto.DataType.FLOAT,
  double: onnx.TensorProto.DataType.DOUBLE,
  int64: onnx.TensorProto.DataType.INT64,
  string: onnx.TensorProto.DataType.STRING,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** The ai.onnx.ml domain (LinearClassifier, Scaler, TreeEnsemble*, ...). */
export const ML_DOMAIN = 'ai.onnx.ml';

/**
 * The operator sets the exported models import: ai.onnx 15 and ai.onnx.ml 3 are those of ONNX 1.10 (IR version 8,
 * the version onnx-proto carries), which every current runtime loads.
 */
export const OPSETS: Readonly<Record<string, number>> = { '': 15, [ML_DOMAIN]: 3 };

/** An attribute value with its ONNX type (a JS number alone cannot say whether it is an INT or a FLOAT). */
export type Attr =
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'string'; value: string }
  | { type: 'ints'; value: ArrayLike<number> }
  | { type: 'floats'; value: ArrayLike<number> }
  | { type: 'strings'; value: readonly string[] }
  | { type: 'tensor'; value: onnx.ITensorProto };

/** Attribute constructors: `{ axis: attr.int(1), coefficients: attr.floats(w) }`. */
export const attr = {
  /** An INT attribute. */
  int: (value: number): Attr => ({ type: 'int', value }),
  /** A FLOAT attribute. */
  float: (value: number): Attr => ({ type: 'float', value }),
  /** A STRING attribute. */
  string: (value: string): Attr => ({ type: 'string', value }),
  /** An INTS attribute. */
  ints: (value: ArrayLike<number>): Attr => ({ type: 'ints', value }),
  /** A FLOATS attribute (stored as float32 by ONNX). */
  floats: (value: ArrayLike<number>): Attr => ({ type: 'floats', value }),
  /** A STRINGS attribute. */
  strings: (value: readonly string[]): Attr => ({ type: 'strings', value }),
  /** A TENSOR attribute (ai.onnx Constant, ai.onnx.ml *_as_tensor). */
  tensor: (value: onnx.ITensorProto): Attr => ({ type: 'tensor', value }),
};

const utf8 = new TextEncoder();

function toAttribute(name: string, a: Attr): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case 'int': return { name, type: T.INT, i: a.value };
    case 'float': return { name, type: T.FLOAT, f: a.value };
    case 'string': return { name, type: T.STRING, s: utf8.encode(a.value) };
    case 'ints': return { name, type: T.INTS, ints: Array.from(a.value) };
    case 'floats': return { name, type: T.FLOATS, floats: Array.from(a.value) };
    case 'strings': return { name, type: T.STRINGS, strings: a.value.map((s) => utf8.encode(s)) };
    case 'tensor': return { name, type: T.TENSOR, t: a.value };
  }
}

/**
 * A TensorProto holding values of one element type.
 * @param name - the tensor's name ('' inside an attribute)
 * @param type - the element type
 * @param dims - the shape
 * @param values - the elements, row-major (strings for 'string', 0/1 for 'bool')
 * @returns the proto
 */
export function tensorProto(name: string, type: ElemType, dims: readonly number[], values: ArrayLike<number> | readonly string[]): onnx.ITensorProto {
  const t: onnx.ITensorProto = { name, dataType: ELEM[type], dims: [...dims] };
  const list = Array.from(values as ArrayLike<number | string>);
  if (type === 'float') t.floatData = list as number[];
  else if (type === 'double') t.doubleData = list as number[];
  else if (type === 'int64') t.int64Data = list as number[];
  else if (type === 'bool') t.int32Data = (list as number[]).map((v) => (v ? 1 : 0));
  else t.stringData = (list as string[]).map((s) => utf8.encode(s));
  return t;
}

/** A tensor's type and shape for a graph input or output; null dims are dynamic (the batch). */
function valueInfo(name: string, type: ElemType, shape: readonly (number | null)[]): onnx.IValueInfoProto {
  const dim = shape.map((d) => (d === null ? { dimParam: 'N' } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: ELEM[type], shape: { dim } } } };
}

/** Options of {@link OnnxGraph.toBytes}. */
export interface ModelInfo {
  /** The graph's name. */
  graphName: string;
  /** The model's doc string. */
  docString?: string;
  /** key/value metadata of the model. */
  metadata?: Record<string, string>;
}

/** An ONNX graph under construction; see the module comment. */
export class OnnxGraph {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly used = new Set<string>();
  private readonly domains = new Set<string>(['']);

  /**
   * A fresh name starting with `base` (unique within the graph).
   * @param base - the readable part
   * @returns the name
   */
  name(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}${i}`;
    this.used.add(name);
    return name;
  }

  /**
   * Keeps names for the graph's inputs and outputs, so that no tensor inside the graph takes them.
   * @param names - the names
   */
  reserve(...names: string[]): void {
    for (const n of names) this.used.add(n);
  }

  /**
   * Adds a constant (an initializer).
   * @param base - its name's readable part
   * @param type - the element type
   * @param dims - the shape
   * @param values - the elements, row-major
   * @returns the constant's name
   */
  constant(base: string, type: ElemType, dims: readonly number[], values: ArrayLike<number> | readonly string[]): string {
    const name = this.name(base);
    this.initializers.push(tensorProto(name, type, dims, values));
    return name;
  }

  /**
   * Adds a node.
   * @param op - the operator type, e.g. 'MatMul', 'LinearClassifier'
   * @param inputs - its input names ('' for an omitted optional input)
   * @param outputs - readable bases of its output names (made unique)
   * @param attrs - its attributes
   * @param domain - '' (ai.onnx) or {@link ML_DOMAIN}
   * @returns the output names
   */
  node(op: string, inputs: readonly string[], outputs: readonly string[], attrs: Record<string, Attr> = {}, domain = ''): string[] {
    const names = outputs.map((o) => this.name(o));
    this.domains.add(domain);
    this.nodes.push({
      opType: op, domain, name: this.name(`${op}_node`), input: [...inputs], output: names,
      attribute: Object.entries(attrs).map(([k, a]) => toAttribute(k, a)),
    });
    return names;
  }

  /**
   * Adds a one-output node.
   * @param op - the operator type
   * @param inputs - its inputs
   * @param output - the readable base of its output's name
   * @param attrs - its attributes
   * @param domain - '' or {@link ML_DOMAIN}
   * @returns the output's name
   */
  op(op: string, inputs: readonly string[], output: string, attrs: Record<string, Attr> = {}, domain = ''): string {
    return this.node(op, inputs, [output], attrs, domain)[0];
  }

  /**
   * Declares a graph input.
   * @param name - its name (taken as given; reserve it before adding nodes)
   * @param type - the element type
   * @param shape - the shape, null for the batch dimension
   * @returns the name
   */
  input(name: string, type: ElemType, shape: readonly (number | null)[]): string {
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  /**
   * Declares a graph output, renaming `from` to `name` through an Identity node.
   * @param name - the output's name (reserve it before adding nodes)
   * @param from - the tensor computed for it
   * @param type - the element type
   * @param shape - the shape, null for the batch dimension
   */
  output(name: string, from: string, type: ElemType, shape: readonly (number | null)[]): void {
    this.nodes.push({ opType: 'Identity', domain: '', name: this.name('Identity_node'), input: [from], output: [name] });
    this.outputs.push(valueInfo(name, type, shape));
  }

  /**
   * The ModelProto bytes.
   * @param info - the graph's name, doc string and metadata
   * @returns the serialized model
   */
  toBytes(info: ModelInfo): Uint8Array {
    const model: onnx.IModelProto = {
      irVersion: onnx.Version.IR_VERSION,
      producerName: 'sovereign-ai',
      docString: info.docString ?? '',
      opsetImport: [...this.domains].map((domain) => ({ domain, version: OPSETS[domain] })),
      metadataProps: Object.entries(info.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: info.graphName, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs,
      },
    };
    return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
  }
}
