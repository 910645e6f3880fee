/**
 * Survey answers checked against their questions, aggregated (counts, percentages, means,
 * medians, free text), and laid out as raw data (one row per response) with its codebook.
 * Pure: questions and answers in, tables out.
 * @module
 */
import { isAsked, type Question, type QuestionResult, type SurveyAnswers } from '@renkei/contracts';

const likertValues = (question: Question) => question.options.map((_, index) => String(index + 1));

/** What is wrong with a set of answers, by question id (empty: it may be stored). */
export function answerProblems(questions: readonly Question[], answers: SurveyAnswers): Record<string, string> {
  const problems: Record<string, string> = {};
  const known = new Set(questions.map((q) => q.id));
  for (const id of Object.keys(answers)) if (!known.has(id)) problems[id] = 'no such question';
  for (const question of questions) {
    const answer = answers[question.id];
    const asked = isAsked(question, answers);
    const empty = answer === undefined || answer === '' || (Array.isArray(answer) && answer.length === 0);
    if (!asked) {
      if (!empty) problems[question.id] = 'not asked (its condition is not met)';
      continue;
    }
    if (empty) {
      if (question.required) problems[question.id] = 'required';
      continue;
    }
    switch (question.type) {
      case 'likert':
        if (typeof answer !== 'string' || !likertValues(question).includes(answer))
          problems[question.id] = `a value from 1 to ${question.options.length}`;
        break;
      case 'single':
        if (typeof answer !== 'string' || !question.options.includes(answer))
          problems[question.id] = 'one of the options';
        break;
      case 'multiple':
        if (
          !Array.isArray(answer) ||
          answer.some((a) => !question.options.includes(a)) ||
          new Set(answer).size !== answer.length
        )
          problems[question.id] = 'options of the question, each once';
        break;
      case 'text':
        if (typeof answer !== 'string') problems[question.id] = 'text';
        break;
    }
  }
  return problems;
}

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Per question: how many answered it, counts and percentages per option (of those who
 * answered; multiple choice can add up to more than 100 %), mean and median of Likert values,
 * free text in order.
 */
export function aggregate(questions: readonly Question[], responses: readonly SurveyAnswers[]): QuestionResult[] {
  return questions.map((question) => {
    const answers = responses
      .map((r) => r[question.id])
      .filter((a): a is string | string[] => a !== undefined)
      .filter((a) => a !== '' && !(Array.isArray(a) && a.length === 0));
    const answered = answers.length;
    const percent = (count: number) => (answered ? round((count / answered) * 100, 1) : 0);
    if (question.type === 'text')
      return {
        id: question.id,
        type: question.type,
        text: question.text,
        answered,
        counts: [],
        mean: null,
        median: null,
        texts: answers.map(String),
      };
    const options = question.type === 'likert' ? likertValues(question) : question.options;
    const counts = new Map(options.map((option) => [option, 0]));
    for (const answer of answers)
      for (const chosen of Array.isArray(answer) ? answer : [answer]) counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
    const values = question.type === 'likert' ? answers.map(Number) : [];
    return {
      id: question.id,
      type: question.type,
      text: question.text,
      answered,
      counts: options.map((option, index) => ({
        option: question.type === 'likert' ? `${option} ${question.options[index]}` : option,
        count: counts.get(option) ?? 0,
        percent: percent(counts.get(option) ?? 0),
      })),
      mean: values.length ? round(values.reduce((a, b) => a + b, 0) / values.length) : null,
      median: median(values),
      texts: [],
    };
  });
}

/**
 * The raw data: one row per response, one column per question (a multiple-choice question has
 * one 0/1 column per option, `Q3_1`…), as numbers where the codebook gives a code.
 */
export function rawTable(
  questions: readonly Question[],
  responses: readonly { id: string; submittedAt: string; respondent: string | null; answers: SurveyAnswers }[],
): { header: string[]; rows: (string | number | null)[][] } {
  const header = ['response', 'submitted_at', 'respondent'];
  for (const q of questions) {
    if (q.type === 'multiple') q.options.forEach((_, i) => header.push(`${q.id}_${i + 1}`));
    else header.push(q.id);
  }
  const rows = responses.map((response) => {
    const row: (string | number | null)[] = [response.id, response.submittedAt, response.respondent];
    for (const q of questions) {
      const answer = response.answers[q.id];
      if (q.type === 'multiple')
        q.options.forEach((option) =>
          row.push(answer === undefined ? null : Array.isArray(answer) && answer.includes(option) ? 1 : 0),
        );
      else if (answer === undefined || answer === '') row.push(null);
      else if (q.type === 'likert') row.push(Number(answer));
      else if (q.type === 'single') row.push(q.options.indexOf(String(answer)) + 1);
      else row.push(String(answer));
    }
    return row;
  });
  return { header, rows };
}

/** The codebook: each column, its question, its type and what its codes mean. */
export function codebook(questions: readonly Question[]): string[][] {
  const rows = [
    ['column', 'question', 'type', 'values'],
    ['response', 'response id', 'text', ''],
    ['submitted_at', 'when it was submitted (UTC)', 'date-time', ''],
    ['respondent', 'who answered (empty when anonymous)', 'text', ''],
  ];
  for (const q of questions) {
    const condition = q.showIf ? ` [asked when ${q.showIf.question} = ${q.showIf.equals}]` : '';
    if (q.type === 'multiple')
      q.options.forEach((option, i) =>
        rows.push([
          `${q.id}_${i + 1}`,
          `${q.text}: ${option}${condition}`,
          'multiple',
          '1 = chosen, 0 = not chosen, empty = not answered',
        ]),
      );
    else if (q.type === 'likert')
      rows.push([q.id, q.text + condition, 'likert', q.options.map((label, i) => `${i + 1} = ${label}`).join('; ')]);
    else if (q.type === 'single')
      rows.push([q.id, q.text + condition, 'single', q.options.map((label, i) => `${i + 1} = ${label}`).join('; ')]);
    else rows.push([q.id, q.text + condition, 'text', 'free text']);
  }
  return rows;
}
