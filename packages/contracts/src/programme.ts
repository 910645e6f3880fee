/**
 * Running the Range programme (issue 16): the course and its timetable, participants and groups,
 * attendance, the survey, reflections, and the implementation report.
 * @module
 */
import { z } from 'zod';

const localText = z.string().trim().max(500);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const BLOCK_KINDS = ['lecture', 'hands_on', 'group_work', 'reflection', 'break'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export const courseInputSchema = z.object({
  title: z.string().trim().min(1).max(300),
  titleEn: localText.nullish(),
  organiser: localText.nullish(),
  venue: localText.nullish(),
  /** The days of the course, in order (two for the exercise). */
  days: z.array(day).min(1).max(10),
  goals: z.string().max(10_000).nullish(),
  /** 体制: who does what (organiser, instructors, assistants, secretariat). */
  staffing: z.string().max(10_000).nullish(),
  /** The model upstream and lab environment, for the report's "services used". */
  services: z.string().max(10_000).nullish(),
});
export type CourseInput = z.input<typeof courseInputSchema>;

export const blockInputSchema = z
  .object({
    /** 1-based day of the course. */
    day: z.number().int().min(1).max(10),
    start: time,
    end: time,
    kind: z.enum(BLOCK_KINDS),
    title: z.string().trim().min(1).max(300),
    titleEn: localText.nullish(),
    /** The lecture module taught, or the lab run, in this block. */
    material: localText.nullish(),
    labs: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
    instructors: z.array(z.string().trim().min(1).max(200)).max(10).default([]),
    assistants: z.array(z.string().trim().min(1).max(200)).max(10).default([]),
  })
  .refine((block) => block.start < block.end, { message: 'a block ends after it starts', path: ['end'] });
export type BlockInput = z.input<typeof blockInputSchema>;

export const blockSchema = z.object({
  id: z.string(),
  day: z.number(),
  start: z.string(),
  end: z.string(),
  kind: z.enum(BLOCK_KINDS),
  title: z.string(),
  titleEn: z.string().nullable(),
  material: z.string().nullable(),
  labs: z.array(z.string()),
  instructors: z.array(z.string()),
  assistants: z.array(z.string()),
});
export type Block = z.infer<typeof blockSchema>;

export const courseSchema = z.object({
  workspaceId: z.string(),
  title: z.string(),
  titleEn: z.string().nullable(),
  organiser: z.string().nullable(),
  venue: z.string().nullable(),
  days: z.array(z.string()),
  goals: z.string().nullable(),
  staffing: z.string().nullable(),
  services: z.string().nullable(),
  blocks: z.array(blockSchema),
  /** Blocks that overlap on the same day (the timetable is still kept; the planner fixes it). */
  overlaps: z.array(z.tuple([z.string(), z.string()])),
  updatedAt: z.string(),
});
export type Course = z.infer<typeof courseSchema>;

export const participantSchema = z.object({
  id: z.string(),
  name: z.string(),
  organisation: z.string().nullable(),
  sector: z.string().nullable(),
  email: z.string().nullable(),
  groupId: z.string().nullable(),
  /** Days (1-based) the participant was present. */
  attendance: z.array(z.number()),
  /** The account the participant signs in with, once they have signed in with their code. */
  userId: z.string().nullable(),
});
export type Participant = z.infer<typeof participantSchema>;

export const participantImportResultSchema = z.object({
  imported: z.number().int(),
  rejected: z.array(z.object({ row: z.number().int(), problems: z.array(z.string()) })),
});
export type ParticipantImportResult = z.infer<typeof participantImportResultSchema>;

export const groupSchema = z.object({
  id: z.string(),
  name: z.string(),
  participantIds: z.array(z.string()),
});
export type Group = z.infer<typeof groupSchema>;

/** A one-time sign-in code for a participant (shown once, also as a QR code of the sign-in link). */
export const signInCodeSchema = z.object({
  participantId: z.string(),
  code: z.string(),
  url: z.string(),
  qrSvg: z.string(),
  expiresAt: z.string(),
});
export type SignInCode = z.infer<typeof signInCodeSchema>;

// ── Survey ────────────────────────────────────────────────────────────────

export const QUESTION_TYPES = ['likert', 'single', 'multiple', 'text'] as const;

export const questionSchema = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'a short code: letters, digits, _'),
  type: z.enum(QUESTION_TYPES),
  text: z.string().trim().min(1).max(1000),
  textEn: z.string().trim().max(1000).nullish(),
  /** Choices of single and multiple questions; Likert labels from 1 up (5 for a 5-point scale). */
  options: z.array(z.string().trim().min(1).max(300)).max(30).default([]),
  required: z.boolean().default(false),
  /** Asked only when an earlier question was answered with this option (or Likert value). */
  showIf: z.object({ question: z.string(), equals: z.string() }).nullish(),
});
export type Question = z.infer<typeof questionSchema>;

export const surveyInputSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    anonymous: z.boolean().default(true),
    closesAt: z.iso.datetime().nullish(),
    questions: z.array(questionSchema).min(1).max(100),
  })
  .superRefine((survey, context) => {
    const seen = new Set<string>();
    survey.questions.forEach((question, index) => {
      if (seen.has(question.id))
        context.addIssue({ code: 'custom', path: ['questions', index, 'id'], message: 'used twice' });
      if (question.showIf && !seen.has(question.showIf.question))
        context.addIssue({
          code: 'custom',
          path: ['questions', index, 'showIf'],
          message: 'must refer to an earlier question',
        });
      if (
        (question.type === 'single' || question.type === 'multiple' || question.type === 'likert') &&
        question.options.length < 2
      )
        context.addIssue({ code: 'custom', path: ['questions', index, 'options'], message: 'at least two options' });
      seen.add(question.id);
    });
  });
export type SurveyInput = z.input<typeof surveyInputSchema>;

export const surveySchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  title: z.string(),
  anonymous: z.boolean(),
  closesAt: z.string().nullable(),
  questions: z.array(questionSchema),
  responses: z.number().int(),
  /** Whether the caller has answered it (answers of an anonymous survey are not linked to them). */
  answered: z.boolean(),
  createdAt: z.string(),
});
export type Survey = z.infer<typeof surveySchema>;

/** Answers by question id: a Likert value or option as text, several options, or free text. */
export const surveyAnswersSchema = z.record(z.string(), z.union([z.string().max(5000), z.array(z.string().max(300))]));
export type SurveyAnswers = z.infer<typeof surveyAnswersSchema>;

export const questionResultSchema = z.object({
  id: z.string(),
  type: z.enum(QUESTION_TYPES),
  text: z.string(),
  answered: z.number().int(),
  /** Per option (Likert: per value 1…n), in the question's order. */
  counts: z.array(z.object({ option: z.string(), count: z.number().int(), percent: z.number() })),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  /** Free-text answers, in the order they came. */
  texts: z.array(z.string()),
});
export type QuestionResult = z.infer<typeof questionResultSchema>;

/**
 * Whether a question is asked, given the answers before it (conditional questions): the answer
 * form shows it and the server accepts an answer to it by the same rule.
 */
export function isAsked(question: Question, answers: SurveyAnswers): boolean {
  if (!question.showIf) return true;
  const answer = answers[question.showIf.question];
  return Array.isArray(answer) ? answer.includes(question.showIf.equals) : answer === question.showIf.equals;
}

export const surveyResultsSchema = z.object({
  surveyId: z.string(),
  responses: z.number().int(),
  questions: z.array(questionResultSchema),
});
export type SurveyResults = z.infer<typeof surveyResultsSchema>;

// ── Reflection ────────────────────────────────────────────────────────────

export const reflectionInputSchema = z.object({
  learnt: z.string().trim().min(1).max(10_000),
  apply: z.string().trim().max(10_000).default(''),
});

export const reflectionSchema = z.object({
  id: z.string(),
  /** Null for trainees reading others' (they read only their own). */
  author: z.string().nullable(),
  organisation: z.string().nullable(),
  learnt: z.string(),
  apply: z.string(),
  tags: z.array(z.string()),
  keyOpinion: z.boolean(),
  updatedAt: z.string(),
});
export type Reflection = z.infer<typeof reflectionSchema>;

export const reflectionTagsInputSchema = z.object({
  tags: z.array(z.string().trim().min(1).max(50)).max(20),
  keyOpinion: z.boolean().default(false),
});

export const reflectionSummarySchema = z.object({
  reflections: z.number().int(),
  tags: z.array(z.object({ tag: z.string(), count: z.number().int() })),
  keyOpinions: z.array(reflectionSchema),
});
export type ReflectionSummary = z.infer<typeof reflectionSummarySchema>;

// ── Report ────────────────────────────────────────────────────────────────

/** Sections of the implementation report a person writes; kept across regenerations. */
export const reportSectionsSchema = z.object({
  insights: z.string().max(50_000).default(''),
  improvements: z.string().max(50_000).default(''),
  appendix: z.string().max(50_000).default(''),
});
export type ReportSections = z.infer<typeof reportSectionsSchema>;

// ── Teaching material ─────────────────────────────────────────────────────

export const materialInputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$/, 'a short code: letters, digits, - and _'),
  title: z.string().trim().min(1).max(300),
  titleEn: z.string().trim().max(300).nullish(),
  /** Markdown: slides separated by `---`; `Note:` starts speaker notes; `Source:`/`出典:` cites. */
  markdownJa: z.string().max(500_000).default(''),
  markdownEn: z.string().max(500_000).default(''),
});
export type MaterialInput = z.input<typeof materialInputSchema>;

export const materialSchema = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  titleEn: z.string().nullable(),
  markdownJa: z.string(),
  markdownEn: z.string(),
  images: z.array(z.string()),
  updatedAt: z.string(),
});
export type Material = z.infer<typeof materialSchema>;

export const renderedSlideSchema = z.object({
  title: z.string(),
  /** Sanitised HTML of the slide (images served from the material). */
  html: z.string(),
  notes: z.string(),
  citations: z.array(z.string()),
});
export const renderedDeckSchema = z.object({ language: z.enum(['ja', 'en']), slides: z.array(renderedSlideSchema) });
export type RenderedDeck = z.infer<typeof renderedDeckSchema>;

// ── Group risk-assessment worksheet ───────────────────────────────────────

export const riskRowInputSchema = z.object({
  useCase: z.string().trim().max(500).default(''),
  asset: z.string().trim().max(500).default(''),
  threat: z.string().trim().max(1000).default(''),
  vulnerability: z.string().trim().max(1000).default(''),
  likelihood: z.number().int().min(1).max(5),
  impact: z.number().int().min(1).max(5),
  controls: z.string().trim().max(2000).default(''),
  /** References from the framework catalogue (`owasp-llm:LLM01`, `iso42001:A.6`, …). */
  frameworks: z.array(z.string().max(60)).max(20).default([]),
  /** The version the editor started from; a row changed by someone else meanwhile is refused. */
  version: z.number().int().min(0).optional(),
});
export type RiskRowInput = z.input<typeof riskRowInputSchema>;

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;

export const riskRowSchema = z.object({
  id: z.string(),
  groupId: z.string(),
  useCase: z.string(),
  asset: z.string(),
  threat: z.string(),
  vulnerability: z.string(),
  likelihood: z.number().int(),
  impact: z.number().int(),
  /** likelihood × impact (1–25) and its level. */
  risk: z.number().int(),
  level: z.enum(RISK_LEVELS),
  controls: z.string(),
  frameworks: z.array(z.string()),
  version: z.number().int(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});
export type RiskRow = z.infer<typeof riskRowSchema>;

export const worksheetSchema = z.object({
  groupId: z.string(),
  groupName: z.string(),
  mayEdit: z.boolean(),
  rows: z.array(riskRowSchema),
});
export type Worksheet = z.infer<typeof worksheetSchema>;

export const frameworkReferenceSchema = z.object({
  id: z.string(),
  framework: z.string(),
  title: z.string(),
});
export type FrameworkReference = z.infer<typeof frameworkReferenceSchema>;
