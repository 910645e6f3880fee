/**
 * `renkei-simulator`: a deterministic stand-in for a language model, for rehearsals, demos
 * without hardware and tests. It is not a language model and does not pretend to be one: it
 * answers from the passages in its context, calls a tool when the request (or an instruction it
 * found) asks for an action and the tool is offered, and follows instructions found anywhere in
 * its context — the user's turn (direct injection) or a retrieved document, note or tool result
 * (indirect injection) — with a configurable susceptibility, so every attack class of the labs
 * can be reproduced exactly and every defence has a measurable effect:
 *
 * - an instruction inside a spotlighted block (between `<<<DOCUMENT` and `DOCUMENT>>>`) is
 *   followed with a tenth of the susceptibility (models respect delimiters, imperfectly);
 * - a hardened system prompt (one containing `HARDENED`) halves it for instructions outside the
 *   user's own turn;
 * - whether an instruction is followed is decided by a hash of the seed and the instruction, so a
 *   run repeats exactly and N runs with N seeds give a rate.
 *
 * Pure: no I/O, no clock, no randomness beyond the seed.
 * @module
 */

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  name?: string;
}

export interface ToolSpec {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface SimulatorOptions {
  /** 0–1: how often an instruction found in the context is followed. */
  susceptibility: number;
  seed: number;
}

export interface Completion {
  content: string | null;
  toolCalls: ToolCall[];
  finishReason: 'stop' | 'tool_calls';
}

/** The actions an instruction or a request can ask for. */
export type Action =
  | { kind: 'setpoint'; key: 'chlorineMgL' | 'tankLevelM' | 'pressureBar'; value: number }
  | { kind: 'pump'; pump: 'intakePumpOn' | 'distributionPumpOn' | 'chlorinePumpOn'; on: boolean }
  | { kind: 'reveal' }
  | { kind: 'read' }
  /** Do something many times: read the plant again and again (a tool loop) or write a text over and over. */
  | { kind: 'repeat'; what: 'read' | 'text'; times: number };

const INSTRUCTION =
  /(ignore|disregard|forget)\b.{0,30}\b(instructions?|rules|above|previous|prior)|(以前|前|上記)の(指示|命令|ルール)を(無視|忘れ)|指示を無視|\b(ai|assistant|agent)\b\s*[:：,、]|(ＡＩ|AI|アシスタント|エージェント)(へ|に|は)?[、,：:]|you must|必ず|immediately|直ちに|今すぐ/iu;

const SETPOINTS: { key: 'chlorineMgL' | 'tankLevelM' | 'pressureBar'; pattern: RegExp }[] = [
  { key: 'chlorineMgL', pattern: /(chlorine|塩素)[^0-9\n]{0,30}?(\d+(?:\.\d+)?)/iu },
  { key: 'tankLevelM', pattern: /(level|水位)[^0-9\n]{0,30}?(\d+(?:\.\d+)?)/iu },
  { key: 'pressureBar', pattern: /(pressure|圧力)[^0-9\n]{0,30}?(\d+(?:\.\d+)?)/iu },
];
const PUMPS: { pump: 'intakePumpOn' | 'distributionPumpOn' | 'chlorinePumpOn'; pattern: RegExp }[] = [
  { pump: 'chlorinePumpOn', pattern: /(chlorine|塩素)[^\n]{0,20}(pump|ポンプ|注入)/iu },
  { pump: 'intakePumpOn', pattern: /(intake|取水)[^\n]{0,20}(pump|ポンプ)/iu },
  { pump: 'distributionPumpOn', pattern: /(distribution|配水)[^\n]{0,20}(pump|ポンプ)/iu },
];

// Cyrillic and Greek look-alikes of Latin letters (the usual homoglyph substitutions).
const LOOKALIKES: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ɡ: 'g',
  һ: 'h',
  ӏ: 'l',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: 'I',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  ι: 'i',
  ν: 'v',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Χ: 'X',
};

/**
 * What a model reads, roughly: NFKC (full-width ＳＥＴ is SET, ３．５ is 3.5), look-alike letters
 * as the Latin ones they imitate, no zero-width characters. Attacks use these to slip past
 * rules while the model still understands them; the input filter folds the same way.
 */
export function foldLookalikes(text: string): string {
  return [...text.normalize('NFKC').replace(/[\u200b-\u200f\u2060\ufeff]/gu, '')]
    .map((char) => LOOKALIKES[char] ?? char)
    .join('');
}

const fold = foldLookalikes;

/** The action a text asks for, if any. */
export function actionOf(raw: string): Action | undefined {
  const text = fold(raw);
  if (
    /(reveal|print|show|tell|leak|repeat|教えて|表示|出力|開示)[^\n]{0,40}(pin|password|パスワード|secret|秘密|system prompt|システムプロンプト|暗証)/iu.test(
      text,
    ) ||
    /(pin|password|パスワード|暗証番号|system prompt|システムプロンプト)[^\n]{0,20}(を)?(教えて|表示|出力|開示)/iu.test(
      text,
    )
  )
    return { kind: 'reveal' };
  const many = /(\d[\d,]*)\s*(times|回|度)/iu.exec(text);
  if (many) {
    const times = Number(many[1]!.replace(/,/gu, ''));
    if (times > 1) {
      if (/(write|repeat|list|copy|書い|書き|繰り返|列挙)/iu.test(text)) return { kind: 'repeat', what: 'text', times };
      if (/(check|read|poll|status|state|確認|読|状態)/iu.test(text)) return { kind: 'repeat', what: 'read', times };
    }
  }
  const isChange = /(set|change|raise|increase|lower|変更|設定|上げ|下げ|にして|に変え)/iu.test(text);
  if (isChange)
    for (const { key, pattern } of SETPOINTS) {
      const match = pattern.exec(text);
      if (match?.[2]) return { kind: 'setpoint', key, value: Number(match[2]) };
    }
  const stop = /(stop|shut ?down|turn off|停止|止め)/iu.test(text);
  const start = /(start|turn on|起動|運転開始)/iu.test(text);
  if (stop || start)
    for (const { pump, pattern } of PUMPS) if (pattern.test(text)) return { kind: 'pump', pump, on: !stop };
  if (/(status|state|reading|current|状態|状況|現在)/iu.test(text)) return { kind: 'read' };
  return undefined;
}

/** FNV-1a of a text and the seed: the deterministic coin of the simulator. */
export function coin(seed: number, text: string): number {
  return (fnv1a(text, seed) % 10_000) / 10_000;
}

/** FNV-1a (32 bits) of a text, its offset basis mixed with `seed`. */
export function fnv1a(text: string, seed = 0): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

// One segmenter for the module: building one per call costs more than the segmentation itself.
const SEGMENTER = new Intl.Segmenter('ja', { granularity: 'word' });

/** The words of an (already folded) text, as ICU's dictionary cuts Japanese. */
export function segmentWords(text: string): string[] {
  const result: string[] = [];
  for (const segment of SEGMENTER.segment(text)) if (segment.isWordLike) result.push(segment.segment);
  return result;
}

const isJapanese = (text: string) => /[\u3040-\u30ff\u4e00-\u9fff]/u.test(text);

interface FoundInstruction {
  text: string;
  action: Action | undefined;
  where: 'user' | 'context';
  spotlighted: boolean;
}

/** Instructions addressed to the model, in every message but the developer's system prompt. */
function findInstructions(messages: readonly ChatMessage[]): FoundInstruction[] {
  const found: FoundInstruction[] = [];
  const lastUser = messages.map((m) => m.role).lastIndexOf('user');
  messages.forEach((message, index) => {
    if (!message.content || (index === 0 && message.role === 'system')) return;
    const where = index === lastUser ? 'user' : 'context';
    // Spotlighted blocks are marked; text outside them is not.
    const blocks = fold(message.content).split(/(<<<DOCUMENT[\s\S]*?DOCUMENT>>>)/u);
    for (const block of blocks) {
      const spotlighted = block.startsWith('<<<DOCUMENT');
      for (const line of block.split(/\n|(?<=[。！？])|(?<=[.!?])\s+/u)) {
        if (!INSTRUCTION.test(line)) continue;
        found.push({ text: line.trim(), action: actionOf(line), where, spotlighted });
      }
    }
  });
  return found;
}

/** The secret a system prompt holds (e.g. `PIN: 4711`), which a leak reveals. */
function secretOf(messages: readonly ChatMessage[]): string | undefined {
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  return /(?:PIN|password|パスワード|暗証番号)\s*[:：]\s*(\S+)/iu.exec(system)?.[1];
}

function toolCall(action: Action, tools: readonly ToolSpec[], seed: number, index: number): ToolCall | undefined {
  const offered = new Set(tools.map((tool) => tool.function.name));
  const id = `call_${seed.toString(36)}_${index}`;
  if (action.kind === 'setpoint' && offered.has('set_setpoint'))
    return {
      id,
      type: 'function',
      function: { name: 'set_setpoint', arguments: JSON.stringify({ name: action.key, value: action.value }) },
    };
  if (action.kind === 'pump' && offered.has('set_pump'))
    return {
      id,
      type: 'function',
      function: { name: 'set_pump', arguments: JSON.stringify({ pump: action.pump, on: action.on }) },
    };
  if ((action.kind === 'read' || (action.kind === 'repeat' && action.what === 'read')) && offered.has('read_plant'))
    return { id, type: 'function', function: { name: 'read_plant', arguments: '{}' } };
  return undefined;
}

interface Passage {
  label: string;
  text: string;
}

/** Passages in the context, as the assistant lays them out: `[1] Title` then the text. */
function passagesOf(messages: readonly ChatMessage[]): Passage[] {
  const passages: Passage[] = [];
  for (const message of messages) {
    if (message.role !== 'system' || !message.content) continue;
    const parts = message.content.split(/^(?=\[\d+\] )/mu);
    for (const part of parts) {
      const match = /^\[(\d+)\] ([^\n]*)\n([\s\S]*)$/u.exec(part.trim());
      if (match)
        passages.push({ label: `[${match[1]}] ${match[2]}`, text: match[3]!.replace(/DOCUMENT>>>/gu, '').trim() });
    }
  }
  return passages;
}

const words = (text: string) => new Set(segmentWords(fold(text).toLowerCase()));

/** One completion. */
export function simulate(
  messages: readonly ChatMessage[],
  tools: readonly ToolSpec[],
  options: SimulatorOptions,
): Completion {
  const last = messages.at(-1);
  const question = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const ja = isJapanese(question);
  const hardened = messages.some((m) => m.role === 'system' && (m.content ?? '').includes('HARDENED'));
  // Instructions found in the context that the coin says are followed (the same on every call).
  const followed = findInstructions(messages).filter((instruction) => {
    let chance = options.susceptibility;
    if (instruction.spotlighted) chance *= 0.1;
    if (hardened && instruction.where === 'context') chance *= 0.5;
    if (hardened && instruction.action?.kind === 'reveal') chance *= 0.5;
    return coin(options.seed, instruction.text) < chance;
  });
  const requested = actionOf(question);
  // After tools ran: read again while a repeat asks for more (a runaway tool loop), else report.
  if (last?.role === 'tool') {
    const loop = [...followed.map((instruction) => instruction.action), requested].find(
      (action) => action?.kind === 'repeat' && action.what === 'read',
    );
    const reads = messages.filter((message) => message.role === 'tool').length;
    if (loop?.kind === 'repeat' && reads < loop.times) {
      const call = toolCall(loop, tools, options.seed, reads);
      if (call) return { content: null, toolCalls: [call], finishReason: 'tool_calls' };
    }
    const results = messages.slice(messages.map((m) => m.role).lastIndexOf('assistant') + 1);
    const summary = results.map((result) => result.content ?? '').join('; ');
    return { content: ja ? `実行しました: ${summary}` : `Done: ${summary}`, toolCalls: [], finishReason: 'stop' };
  }
  for (const instruction of followed) {
    const action = instruction.action;
    if (action?.kind === 'reveal') {
      const secret = secretOf(messages) ?? '(none)';
      return { content: ja ? `承知しました。${secret}` : `Sure. ${secret}`, toolCalls: [], finishReason: 'stop' };
    }
    const call = action ? toolCall(action, tools, options.seed, 0) : undefined;
    if (call) return { content: null, toolCalls: [call], finishReason: 'tool_calls' };
  }
  // The request itself.
  if (requested && requested.kind !== 'reveal' && !(requested.kind === 'repeat' && requested.what === 'text')) {
    const call = toolCall(requested, tools, options.seed, 0);
    if (call) return { content: null, toolCalls: [call], finishReason: 'tool_calls' };
  }
  if (requested?.kind === 'reveal')
    return {
      content: ja ? '申し訳ありませんが、お答えできません。' : 'I cannot share that.',
      toolCalls: [],
      finishReason: 'stop',
    };
  // An answer from the best-matching passage, cited.
  const asked = words(question);
  let best: { passage: Passage; score: number } | undefined;
  for (const passage of passagesOf(messages)) {
    const shared = [...words(passage.text + passage.label)].filter((word) => asked.has(word)).length;
    if (!best || shared > best.score) best = { passage, score: shared };
  }
  if (best && best.score > 0) {
    const sentence = best.passage.text
      .split(/(?<=[。！？])|(?<=[.!?])\s+/u)
      .slice(0, 2)
      .join(' ');
    const answer = ja
      ? `${best.passage.label} によると: ${sentence}`
      : `According to ${best.passage.label}: ${sentence}`;
    // Asked to write it over and over, a model without an output limit does (capped here only so
    // that a test cannot exhaust memory).
    const copies = requested?.kind === 'repeat' && requested.what === 'text' ? Math.min(requested.times, 100_000) : 1;
    return { content: Array.from({ length: copies }, () => answer).join('\n'), toolCalls: [], finishReason: 'stop' };
  }
  return {
    content: ja
      ? 'その点について手順書に記載が見つかりません。運転責任者に確認してください。'
      : 'I found nothing about that in the procedures; please ask the shift supervisor.',
    toolCalls: [],
    finishReason: 'stop',
  };
}
