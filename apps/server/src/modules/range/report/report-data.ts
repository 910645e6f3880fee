/** What the implementation report says, gathered once for its DOCX and PDF forms. @module */
import type { Course, ReflectionSummary, ReportSections, Survey, SurveyResults } from '@renkei/contracts';

export interface ReportData {
  course: Course;
  participants: {
    total: number;
    /** Organisations and sectors with how many came from each (no names: the report is shared). */
    byOrganisation: [string, number][];
    bySector: [string, number][];
    /** Present per day (index 0 = day 1). */
    attendance: number[];
    groups: number;
  };
  /** Each survey, its results, and its raw data without respondents (for the deliverables). */
  surveys: { survey: Survey; results: SurveyResults; rawCsv: () => Promise<string> }[];
  /** What happened in the labs: plants, what their historians recorded, model calls and defences. */
  labs: {
    plants: number;
    events: { kind: string; count: number }[];
    modelCalls: number;
    defended: number;
    failedCalls: number;
  };
  reflections: ReflectionSummary;
  sections: ReportSections;
  generatedAt: string;
}

export const KIND_JA = {
  lecture: '講義',
  hands_on: '演習',
  group_work: 'グループワーク',
  reflection: '振り返り',
  break: '休憩',
} as const;

/** Materials named by the timetable's blocks, in order, once each. */
export function materialsOf(course: Course): string[] {
  return [...new Set(course.blocks.flatMap((block) => [...(block.material ? [block.material] : []), ...block.labs]))];
}

/** Plant event kinds in the report's words. */
export const EVENT_JA: Record<string, string> = {
  setpoint: '設定値の変更',
  trip: '安全計装（SIS）のトリップ',
  bypass: 'SIS のバイパス',
  unbypass: 'SIS バイパスの解除',
  'trip-reset': 'トリップのリセット',
  'trip-reset-refused': 'トリップのリセット拒否',
  'alarm-ack': '警報の確認',
  'run-start': '運転の開始（リセット・復元）',
  clock: '時刻の操作',
  'scenario-scheduled': 'シナリオ事象の投入',
  note: '運転記録',
};
