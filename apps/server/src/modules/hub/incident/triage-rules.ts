/**
 * Rule-based triage suggestions: keywords in Japanese and English → RSIT type, ICS, targeted,
 * priority. Suggestions only: a handler confirms them in triage.
 * @module
 */
import type { Priority, RsitType } from '@renkei/contracts';

interface Rule {
  pattern: RegExp;
  rsitType: RsitType;
}

// Order matters: the first matching rule wins.
const RULES: Rule[] = [
  { pattern: /フィッシング|偽サイト|phish|credential harvest/i, rsitType: 'phishing' },
  { pattern: /改ざん|改竄|defac/i, rsitType: 'unauthorised-information-modification' },
  { pattern: /DDoS|分散型サービス妨害/i, rsitType: 'ddos' },
  { pattern: /DoS|サービス妨害|サービス運用妨害/, rsitType: 'dos' },
  {
    pattern: /マルウェア|マルウエア|ウイルス|malware|trojan|ransomware|ランサムウェア|C2|C&C/i,
    rsitType: 'malware-distribution',
  },
  { pattern: /スキャン|ポートスキャン|scan(?:ning)?\b|probe|ブルートフォース|brute[- ]force/i, rsitType: 'scanner' },
  { pattern: /情報漏えい|情報漏洩|data leak|leaked/i, rsitType: 'data-leak' },
  { pattern: /不正アクセス|侵入|compromise/i, rsitType: 'system-compromise' },
  { pattern: /spam|迷惑メール/i, rsitType: 'spam' },
];

const ICS_PATTERN = /制御システム|ICS\b|SCADA|PLC|DCS\b|HMI\b|Modbus|OT\b|産業用/i;
const TARGETED_PATTERN = /標的型|targeted attack|spear[- ]?phish|APT\b/i;

export interface TriageSuggestion {
  rsitType: RsitType | null;
  isIcs: boolean;
  isTargeted: boolean;
  priority: Priority;
}

export function suggestTriage(text: string, hints: { isIcs?: boolean } = {}): TriageSuggestion {
  const rsitType = RULES.find((rule) => rule.pattern.test(text))?.rsitType ?? null;
  const isIcs = hints.isIcs === true || ICS_PATTERN.test(text);
  const isTargeted = TARGETED_PATTERN.test(text);
  const priority: Priority =
    isIcs || isTargeted ? 'high' : rsitType === 'ddos' || rsitType === 'data-leak' ? 'high' : 'medium';
  return { rsitType, isIcs, isTargeted, priority };
}
