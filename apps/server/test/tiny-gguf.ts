/**
 * Writes a tiny llama-architecture GGUF model (GGUF v3, F32 tensors, random weights from a seed)
 * so that tests run the embedded engine for real without downloading a model: one block, 32-wide
 * embeddings, a SentencePiece-style vocabulary of byte tokens and a few plant words. It generates
 * nonsense, deterministically for a seed — what a test of the engine's path needs.
 * Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
 */
import { writeFileSync } from 'node:fs';

const GGUF_TYPE = { UINT32: 4, INT32: 5, FLOAT32: 6, STRING: 8, ARRAY: 9 } as const;
type Scalar = { type: 'u32' | 'i32' | 'f32'; value: number } | { type: 'string'; value: string };
type Value = Scalar | { type: 'array'; of: 'string' | 'f32' | 'i32'; items: (string | number)[] };

class GgufWriter {
  private readonly parts: Buffer[] = [];
  get length(): number {
    return this.parts.reduce((sum, part) => sum + part.length, 0);
  }
  bytes(buffer: Buffer): void {
    this.parts.push(buffer);
  }
  u32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32LE(value);
    this.parts.push(buffer);
  }
  u64(value: number): void {
    const buffer = Buffer.alloc(8);
    buffer.writeBigUInt64LE(BigInt(value));
    this.parts.push(buffer);
  }
  string(text: string): void {
    const buffer = Buffer.from(text, 'utf8');
    this.u64(buffer.length);
    this.parts.push(buffer);
  }
  scalar(kind: 'u32' | 'i32' | 'f32' | 'string', value: string | number): void {
    if (kind === 'string') return this.string(value as string);
    const buffer = Buffer.alloc(4);
    if (kind === 'u32') buffer.writeUInt32LE(value as number);
    else if (kind === 'i32') buffer.writeInt32LE(value as number);
    else buffer.writeFloatLE(value as number);
    this.parts.push(buffer);
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const typeCode = { u32: GGUF_TYPE.UINT32, i32: GGUF_TYPE.INT32, f32: GGUF_TYPE.FLOAT32, string: GGUF_TYPE.STRING };

export function writeTinyGguf(file: string, seed = 1): void {
  const tokens = ['<unk>', '<s>', '</s>'];
  for (let byte = 0; byte < 256; byte++) tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
  tokens.push(
    ...['▁', '▁the', '▁pump', '▁tank', '▁level', '▁valve', '▁chlorine', '▁is', '▁ok', '▁high', '▁low'],
    ...'aeioutnsrl',
  );
  const embedding = 32;
  const feedForward = 64;
  const metadata: [string, Value][] = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: 'renkei-test-tiny' }],
    ['general.file_type', { type: 'u32', value: 0 }],
    ['llama.context_length', { type: 'u32', value: 4096 }],
    ['llama.embedding_length', { type: 'u32', value: embedding }],
    ['llama.block_count', { type: 'u32', value: 1 }],
    ['llama.feed_forward_length', { type: 'u32', value: feedForward }],
    ['llama.attention.head_count', { type: 'u32', value: 2 }],
    ['llama.attention.head_count_kv', { type: 'u32', value: 2 }],
    ['llama.rope.dimension_count', { type: 'u32', value: 16 }],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-5 }],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'array', of: 'string', items: tokens }],
    ['tokenizer.ggml.scores', { type: 'array', of: 'f32', items: tokens.map((_, i) => (i < 259 ? 0 : -i)) }],
    // 2 unknown, 3 control, 6 byte, 1 normal.
    [
      'tokenizer.ggml.token_type',
      { type: 'array', of: 'i32', items: tokens.map((_, i) => (i === 0 ? 2 : i < 3 ? 3 : i < 259 ? 6 : 1)) },
    ],
    ['tokenizer.ggml.bos_token_id', { type: 'u32', value: 1 }],
    ['tokenizer.ggml.eos_token_id', { type: 'u32', value: 2 }],
    ['tokenizer.ggml.unknown_token_id', { type: 'u32', value: 0 }],
  ];
  const tensors: [string, number[]][] = [
    ['token_embd.weight', [embedding, tokens.length]],
    ['output_norm.weight', [embedding]],
    ['output.weight', [embedding, tokens.length]],
    ['blk.0.attn_norm.weight', [embedding]],
    ['blk.0.attn_q.weight', [embedding, embedding]],
    ['blk.0.attn_k.weight', [embedding, embedding]],
    ['blk.0.attn_v.weight', [embedding, embedding]],
    ['blk.0.attn_output.weight', [embedding, embedding]],
    ['blk.0.ffn_norm.weight', [embedding]],
    ['blk.0.ffn_gate.weight', [embedding, feedForward]],
    ['blk.0.ffn_up.weight', [embedding, feedForward]],
    ['blk.0.ffn_down.weight', [feedForward, embedding]],
  ];
  const ALIGNMENT = 32;
  const aligned = (n: number) => Math.ceil(n / ALIGNMENT) * ALIGNMENT;

  const header = new GgufWriter();
  header.bytes(Buffer.from('GGUF'));
  header.u32(3);
  header.u64(tensors.length);
  header.u64(metadata.length);
  for (const [key, value] of metadata) {
    header.string(key);
    if (value.type === 'array') {
      header.u32(GGUF_TYPE.ARRAY);
      header.u32(typeCode[value.of]);
      header.u64(value.items.length);
      for (const item of value.items) header.scalar(value.of, item);
    } else {
      header.u32(typeCode[value.type]);
      header.scalar(value.type, value.value);
    }
  }
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const data: Buffer[] = [];
  let offset = 0;
  for (const [name, dims] of tensors) {
    header.string(name);
    header.u32(dims.length);
    for (const dim of dims) header.u64(dim);
    header.u32(0); // GGML_TYPE_F32
    header.u64(offset);
    const count = dims.reduce((product, dim) => product * dim, 1);
    const weights = Buffer.alloc(aligned(count * 4));
    // Norms at 1 (as trained models start); other weights small and random.
    for (let i = 0; i < count; i++) weights.writeFloatLE(name.includes('norm') ? 1 : random() * 0.5, i * 4);
    data.push(weights);
    offset += weights.length;
  }
  const head = header.done();
  writeFileSync(file, Buffer.concat([head, Buffer.alloc(aligned(head.length) - head.length), ...data]));
}
