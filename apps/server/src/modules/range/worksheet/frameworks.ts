/**
 * The references a risk row can be mapped to: OWASP Top 10 for LLM Applications 2025, MITRE
 * ATLAS techniques met in the labs, NIST AI RMF 1.0 categories, ISO/IEC 42001:2023 Annex A
 * control objectives (by their clause titles), and the common guiding principles of Japan's AI
 * Guidelines for Business (AI事業者ガイドライン 第1.0版). Titles only: the texts stay with their owners.
 * @module
 */
import type { FrameworkReference } from '@renkei/contracts';

const owasp = [
  ['LLM01', 'Prompt Injection'],
  ['LLM02', 'Sensitive Information Disclosure'],
  ['LLM03', 'Supply Chain'],
  ['LLM04', 'Data and Model Poisoning'],
  ['LLM05', 'Improper Output Handling'],
  ['LLM06', 'Excessive Agency'],
  ['LLM07', 'System Prompt Leakage'],
  ['LLM08', 'Vector and Embedding Weaknesses'],
  ['LLM09', 'Misinformation'],
  ['LLM10', 'Unbounded Consumption'],
] as const;

const atlas = [
  ['AML.T0051', 'LLM Prompt Injection'],
  ['AML.T0054', 'LLM Jailbreak'],
  ['AML.T0020', 'Poison Training Data'],
  ['AML.T0043', 'Craft Adversarial Data'],
  ['AML.T0015', 'Evade ML Model'],
  ['AML.T0024', 'Exfiltration via ML Inference API'],
  ['AML.T0057', 'LLM Data Leakage'],
  ['AML.T0053', 'LLM Plugin Compromise'],
] as const;

const nist = [
  ['GOVERN 1', 'Policies, processes and practices for AI risk are in place'],
  ['GOVERN 2', 'Accountability structures are in place'],
  ['GOVERN 3', 'Workforce diversity, equity, inclusion and accessibility'],
  ['GOVERN 4', 'Organisational culture that considers and communicates AI risk'],
  ['GOVERN 5', 'Engagement with relevant AI actors'],
  ['GOVERN 6', 'Third-party software, data and supply-chain risks'],
  ['MAP 1', 'Context is established and understood'],
  ['MAP 2', 'Categorisation of the AI system'],
  ['MAP 3', 'Capabilities, use, goals, benefits and costs are understood'],
  ['MAP 4', 'Risks and benefits of all components are mapped'],
  ['MAP 5', 'Impacts to individuals, groups and society are characterised'],
  ['MEASURE 1', 'Appropriate methods and metrics are identified and applied'],
  ['MEASURE 2', 'AI systems are evaluated for trustworthy characteristics'],
  ['MEASURE 3', 'Mechanisms for tracking identified risks over time'],
  ['MEASURE 4', 'Feedback about efficacy of measurement is gathered'],
  ['MANAGE 1', 'AI risks are prioritised, responded to and managed'],
  ['MANAGE 2', 'Strategies to maximise benefits and minimise negative impacts'],
  ['MANAGE 3', 'Risks and benefits from third-party entities are managed'],
  ['MANAGE 4', 'Risk treatments, response, recovery and communication are documented and monitored'],
] as const;

const iso = [
  ['A.2', 'Policies related to AI'],
  ['A.3', 'Internal organization'],
  ['A.4', 'Resources for AI systems'],
  ['A.5', 'Assessing impacts of AI systems'],
  ['A.6', 'AI system life cycle'],
  ['A.7', 'Data for AI systems'],
  ['A.8', 'Information for interested parties of AI systems'],
  ['A.9', 'Use of AI systems'],
  ['A.10', 'Third-party and customer relationships'],
] as const;

const meti = [
  ['C1', '人間中心'],
  ['C2', '安全性'],
  ['C3', '公平性'],
  ['C4', 'プライバシー保護'],
  ['C5', 'セキュリティ確保'],
  ['C6', '透明性'],
  ['C7', 'アカウンタビリティ'],
  ['C8', '教育・リテラシー'],
  ['C9', '公正競争確保'],
  ['C10', 'イノベーション'],
] as const;

export const FRAMEWORK_REFERENCES: readonly FrameworkReference[] = [
  ...owasp.map(([id, title]) => ({
    id: `owasp-llm:${id}`,
    framework: 'OWASP Top 10 for LLM Applications 2025',
    title: `${id} ${title}`,
  })),
  ...atlas.map(([id, title]) => ({ id: `atlas:${id}`, framework: 'MITRE ATLAS', title: `${id} ${title}` })),
  ...nist.map(([id, title]) => ({ id: `nist-ai-rmf:${id}`, framework: 'NIST AI RMF 1.0', title: `${id} ${title}` })),
  ...iso.map(([id, title]) => ({
    id: `iso42001:${id}`,
    framework: 'ISO/IEC 42001:2023 Annex A',
    title: `${id} ${title}`,
  })),
  ...meti.map(([id, title]) => ({ id: `ai-guidelines:${id}`, framework: 'AI事業者ガイドライン', title })),
];

const KNOWN = new Set(FRAMEWORK_REFERENCES.map((reference) => reference.id));
export const isKnownReference = (id: string): boolean => KNOWN.has(id);

/** Likelihood × impact (1–25) and its level: ≥ 20 critical, ≥ 12 high, ≥ 6 medium, else low. */
export function riskOf(
  likelihood: number,
  impact: number,
): { risk: number; level: 'low' | 'medium' | 'high' | 'critical' } {
  const risk = likelihood * impact;
  return { risk, level: risk >= 20 ? 'critical' : risk >= 12 ? 'high' : risk >= 6 ? 'medium' : 'low' };
}
