/**
 * Surveys: the list (with a link to answer each, to put on the screen as a QR code or URL),
 * the builder for instructors, the answer form (one column, large targets: it is answered on
 * phones), and live results with charts for the staff (polled every few seconds in class).
 */
import { Button, Checkbox, Radio, Textarea } from '@mantine/core';
import { QUESTION_TYPES, isAsked, type Survey, type SurveyAnswers, type SurveyResults } from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, Notice, SelectField, TextArea, TextField } from '../../../components/ui.js';
import { BarChart } from './bar-chart.js';
import { useCourseRole } from './course-role.js';

export function SurveysPage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const surveys = useQuery<Survey[]>(`/api/workspaces/${workspaceId}/surveys`);
  const { isPlanner } = useCourseRole(workspaceId);
  return (
    <>
      <p>
        <Link to={`/workspaces/${workspaceId}/course`}>← {t('programme.course')}</Link>
      </p>
      <h1>{t('programme.surveys')}</h1>
      <ErrorAlert error={surveys.error} />
      {surveys.data?.length === 0 && <p>{t('programme.noSurveys')}</p>}
      <ul>
        {(surveys.data ?? []).map((survey) => (
          <li key={survey.id}>
            <Link to={`/surveys/${survey.id}`}>{survey.title}</Link> ·{' '}
            {t('programme.responses', { count: survey.responses })}
            {survey.answered && ` · ${t('programme.answered')}`}
            {survey.closesAt && new Date(survey.closesAt) <= new Date() && ` · ${t('programme.closed')}`}
          </li>
        ))}
      </ul>
      {isPlanner && <SurveyBuilder workspaceId={workspaceId} onCreated={() => void surveys.reload()} />}
    </>
  );
}

interface DraftQuestion {
  id: string;
  type: (typeof QUESTION_TYPES)[number];
  text: string;
  options: string;
  required: boolean;
  showIf: string;
}

function SurveyBuilder({ workspaceId, onCreated }: { workspaceId: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [anonymous, setAnonymous] = useState(true);
  const [closesAt, setClosesAt] = useState('');
  const [questions, setQuestions] = useState<DraftQuestion[]>([
    {
      id: 'Q1',
      type: 'likert',
      text: '',
      options: '全くそう思わない\nそう思わない\nどちらでもない\nそう思う\nとてもそう思う',
      required: true,
      showIf: '',
    },
  ]);
  const [error, setError] = useState<unknown>();
  const change = (index: number, patch: Partial<DraftQuestion>) =>
    setQuestions((all) => all.map((q, i) => (i === index ? { ...q, ...patch } : q)));
  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/api/workspaces/${workspaceId}/surveys`, {
        title,
        anonymous,
        closesAt: closesAt ? new Date(closesAt).toISOString() : null,
        questions: questions.map((q) => {
          const [question, equals] = q.showIf.split('=').map((part) => part.trim());
          return {
            id: q.id,
            type: q.type,
            text: q.text,
            options:
              q.type === 'text'
                ? []
                : q.options
                    .split('\n')
                    .map((o) => o.trim())
                    .filter(Boolean),
            required: q.required,
            showIf: question && equals ? { question, equals } : null,
          };
        }),
      });
      setTitle('');
      onCreated();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <details>
      <summary>{t('programme.newSurvey')}</summary>
      <form onSubmit={(event) => void create(event)}>
        <TextField
          label={t('programme.surveyTitle')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
        />
        <Checkbox
          label={t('programme.anonymous')}
          checked={anonymous}
          onChange={(e) => setAnonymous(e.currentTarget.checked)}
        />
        <TextField
          label={t('programme.closesAt')}
          type="datetime-local"
          value={closesAt}
          onChange={(e) => setClosesAt(e.target.value)}
        />
        {questions.map((question, index) => (
          <fieldset key={index}>
            <legend>
              {t('programme.question')} {index + 1}
            </legend>
            <TextField
              label={t('programme.questionId')}
              value={question.id}
              onChange={(e) => change(index, { id: e.target.value })}
              required
            />
            <SelectField
              label={t('programme.questionType')}
              value={question.type}
              onChange={(e) => change(index, { type: e.target.value as DraftQuestion['type'] })}
            >
              {QUESTION_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`programme.types.${type}`)}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t('programme.questionText')}
              value={question.text}
              onChange={(e) => change(index, { text: e.target.value })}
              required
            />
            {question.type !== 'text' && (
              <TextArea
                label={t('programme.options')}
                value={question.options}
                onChange={(e) => change(index, { options: e.target.value })}
              />
            )}
            <Checkbox
              label={t('programme.required')}
              checked={question.required}
              onChange={(e) => change(index, { required: e.currentTarget.checked })}
            />
            <TextField
              label={t('programme.showIf')}
              value={question.showIf}
              onChange={(e) => change(index, { showIf: e.target.value })}
            />
          </fieldset>
        ))}
        <Button
          variant="default"
          onClick={() =>
            setQuestions((all) => [
              ...all,
              { id: `Q${all.length + 1}`, type: 'single', text: '', options: '', required: false, showIf: '' },
            ])
          }
        >
          {t('programme.addQuestion')}
        </Button>{' '}
        <ErrorAlert error={error} />
        <Button type="submit">{t('programme.create')}</Button>
      </form>
    </details>
  );
}

export function SurveyPage({ surveyId }: { surveyId: string }) {
  const { t } = useTranslation();
  const survey = useQuery<Survey>(`/api/surveys/${surveyId}`);
  const { isStaff } = useCourseRole(survey.data?.workspaceId);
  if (!survey.data) return <ErrorAlert error={survey.error} />;
  const closed = survey.data.closesAt !== null && new Date(survey.data.closesAt) <= new Date();
  return (
    <>
      <p>
        <Link to={`/workspaces/${survey.data.workspaceId}/surveys`}>← {t('programme.surveys')}</Link>
      </p>
      <h1>{survey.data.title}</h1>
      {isStaff && (
        <p>
          {t('programme.link')}: <code>{`${window.location.origin}/surveys/${surveyId}`}</code>
          <br />
          <img
            className="qr"
            src={`/api/surveys/${surveyId}/qr.svg`}
            alt={t('programme.link')}
            width={160}
            height={160}
          />
        </p>
      )}
      {closed ? (
        <Notice>{t('programme.closed')}</Notice>
      ) : survey.data.answered ? (
        <Notice>{t('programme.thanks')}</Notice>
      ) : (
        <AnswerForm survey={survey.data} onAnswered={() => void survey.reload()} />
      )}
      {isStaff && <Results surveyId={surveyId} />}
    </>
  );
}

function AnswerForm({ survey, onAnswered }: { survey: Survey; onAnswered: () => void }) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<SurveyAnswers>({});
  const [error, setError] = useState<unknown>();
  const set = (id: string, value: string | string[]) => setAnswers((all) => ({ ...all, [id]: value }));
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    // Answers to questions no longer asked (their condition changed) are not sent.
    const asked = Object.fromEntries(
      Object.entries(answers).filter(([id]) => {
        const question = survey.questions.find((q) => q.id === id);
        return question !== undefined && isAsked(question, answers);
      }),
    );
    try {
      await api('POST', `/api/surveys/${survey.id}/responses`, { answers: asked });
      onAnswered();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <form className="survey-form" onSubmit={(event) => void submit(event)}>
      {survey.questions
        .filter((question) => isAsked(question, answers))
        .map((question) => (
          <fieldset key={question.id}>
            <legend>
              {question.text}
              {question.required && t('programme.requiredMark')}
            </legend>
            {(question.type === 'likert' || question.type === 'single') && (
              <Radio.Group
                value={(answers[question.id] as string | undefined) ?? ''}
                onChange={(value) => set(question.id, value)}
              >
                {question.options.map((option, index) => {
                  const value = question.type === 'likert' ? String(index + 1) : option;
                  return (
                    <Radio
                      key={value}
                      value={value}
                      label={question.type === 'likert' ? `${index + 1} ${option}` : option}
                      mb="xs"
                    />
                  );
                })}
              </Radio.Group>
            )}
            {question.type === 'multiple' &&
              question.options.map((option) => {
                const chosen = (answers[question.id] as string[] | undefined) ?? [];
                return (
                  <Checkbox
                    key={option}
                    label={option}
                    mb="xs"
                    checked={chosen.includes(option)}
                    onChange={(e) =>
                      set(
                        question.id,
                        e.currentTarget.checked ? [...chosen, option] : chosen.filter((c) => c !== option),
                      )
                    }
                  />
                );
              })}
            {question.type === 'text' && (
              // The legend shows the question; the field is named by it for screen readers.
              <Textarea
                className="field"
                aria-label={question.text}
                value={(answers[question.id] as string | undefined) ?? ''}
                onChange={(e) => set(question.id, e.target.value)}
              />
            )}
          </fieldset>
        ))}
      <ErrorAlert error={error} />
      <Button type="submit" size="lg" fullWidth>
        {t('programme.submit')}
      </Button>
    </form>
  );
}

function Results({ surveyId }: { surveyId: string }) {
  const { t } = useTranslation();
  const results = useQuery<SurveyResults>(`/api/surveys/${surveyId}/results`, { refreshMs: 3000 });
  if (!results.data) return <ErrorAlert error={results.error} />;
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">
        {t('programme.results')} ·{' '}
        <span data-testid="response-count">{t('programme.responses', { count: results.data.responses })}</span>
      </h2>
      <p>
        <a href={`/api/surveys/${surveyId}/responses.csv`}>{t('programme.rawCsv')}</a> ·{' '}
        <a href={`/api/surveys/${surveyId}/responses.xlsx`}>{t('programme.rawXlsx')}</a>
      </p>
      {results.data.questions.map((question) => (
        <div key={question.id}>
          <h3>
            {question.id}. {question.text}
          </h3>
          {question.type === 'text' ? (
            <ul>
              {question.texts.map((text, index) => (
                <li key={index}>{text}</li>
              ))}
            </ul>
          ) : (
            <>
              <BarChart
                label={question.text}
                max={100}
                bars={question.counts.map((count) => ({
                  label: count.option,
                  value: count.percent,
                  shown: `${count.count} (${count.percent.toFixed(1)}%)`,
                }))}
              />
              {question.mean !== null && (
                <p>{t('programme.mean', { mean: question.mean.toFixed(2), median: question.median })}</p>
              )}
            </>
          )}
        </div>
      ))}
    </section>
  );
}
