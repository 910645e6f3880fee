/**
 * The course page: the two-day timetable everyone reads; for instructors the plan, blocks and
 * the implementation plan download; for staff the participants (import, groups, attendance),
 * the reflections with tags, and the implementation report; for trainees their own reflection.
 */
import { Button, Checkbox } from '@mantine/core';
import {
  BLOCK_KINDS,
  type Course,
  type Group,
  type Participant,
  type ParticipantImportResult,
  type Reflection,
  type ReflectionSummary,
  type ReportSections,
  type SignInCode,
} from '@renkei/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, Notice, SelectField, TextArea, TextField } from '../../../components/ui.js';
import { LabDefences } from '../assistant/lab-defences.js';
import { BarChart } from './bar-chart.js';
import { useCourseRole } from './course-role.js';

const list = (text: string) =>
  text
    .split(/[,、\n]/)
    .map((item) => item.trim())
    .filter(Boolean);

export function CoursePage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const { isPlanner, isStaff } = useCourseRole(workspaceId);
  const course = useQuery<Course>(`/api/workspaces/${workspaceId}/course`);
  const missing = course.error instanceof ApiError && course.error.status === 404;
  return (
    <>
      <p>
        <Link to={`/workspaces/${workspaceId}`}>←</Link> ·{' '}
        <Link to={`/workspaces/${workspaceId}/surveys`}>{t('programme.surveys')}</Link> ·{' '}
        <Link to={`/workspaces/${workspaceId}/materials`}>{t('programme.materials')}</Link> ·{' '}
        <Link to={`/workspaces/${workspaceId}/plants`}>{t('range.plants')}</Link>
      </p>
      <h1>{course.data?.title ?? t('programme.course')}</h1>
      {missing ? <Notice>{t('programme.noCourse')}</Notice> : <ErrorAlert error={course.error} />}
      {course.data && <Timetable course={course.data} isPlanner={isPlanner} onChanged={() => void course.reload()} />}
      {course.data && (
        <p>
          <a href={`/api/workspaces/${workspaceId}/course/plan.docx`} className="button-link">
            {t('programme.planDocx')}
          </a>
        </p>
      )}
      {isPlanner && <PlanForm workspaceId={workspaceId} course={course.data} onSaved={() => void course.reload()} />}
      {isPlanner && course.data && (
        <BlockForm workspaceId={workspaceId} days={course.data.days.length} onAdded={() => void course.reload()} />
      )}
      <GroupWork workspaceId={workspaceId} />
      {isStaff && <Participants workspaceId={workspaceId} days={course.data?.days.length ?? 0} isPlanner={isPlanner} />}
      {isStaff ? <Reflections workspaceId={workspaceId} /> : <OwnReflection workspaceId={workspaceId} />}
      {isStaff && course.data && <ReportBox workspaceId={workspaceId} />}
      {isStaff && <LabDefences workspaceId={workspaceId} />}
    </>
  );
}

function Timetable({ course, isPlanner, onChanged }: { course: Course; isPlanner: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const overlapping = new Set(course.overlaps.flat());
  return (
    <section aria-labelledby="timetable-title">
      <h2 id="timetable-title">{t('programme.course')}</h2>
      {course.overlaps.length > 0 && <p role="alert">{t('programme.overlap')}</p>}
      <div className="timetable">
        {course.days.map((date, index) => (
          <div key={date}>
            <h3>
              {t('programme.day', { day: index + 1 })} <small>{date}</small>
            </h3>
            <ol>
              {course.blocks
                .filter((block) => block.day === index + 1)
                .map((block) => (
                  <li key={block.id} className={`block-${block.kind}`}>
                    <strong>
                      {block.start}–{block.end}
                    </strong>{' '}
                    {t(`programme.kinds.${block.kind}`)}
                    {overlapping.has(block.id) && ' ⚠'}
                    <br />
                    {block.title}
                    {(block.material || block.labs.length > 0) && (
                      <>
                        <br />
                        <small>{[block.material, ...block.labs].filter(Boolean).join(' / ')}</small>
                      </>
                    )}
                    {(block.instructors.length > 0 || block.assistants.length > 0) && (
                      <>
                        <br />
                        <small>{[...block.instructors, ...block.assistants].join('、')}</small>
                      </>
                    )}
                    {isPlanner && (
                      <>
                        {' '}
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => void api('DELETE', `/api/course-blocks/${block.id}`).then(onChanged)}
                        >
                          {t('programme.remove')}
                        </Button>
                      </>
                    )}
                  </li>
                ))}
            </ol>
          </div>
        ))}
      </div>
    </section>
  );
}

function PlanForm({
  workspaceId,
  course,
  onSaved,
}: {
  workspaceId: string;
  course: Course | undefined;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(course?.title ?? '');
  const [organiser, setOrganiser] = useState(course?.organiser ?? '');
  const [venue, setVenue] = useState(course?.venue ?? '');
  const [days, setDays] = useState(course?.days.join(', ') ?? '');
  const [goals, setGoals] = useState(course?.goals ?? '');
  const [staffing, setStaffing] = useState(course?.staffing ?? '');
  const [services, setServices] = useState(course?.services ?? '');
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!course) return;
    setTitle(course.title);
    setOrganiser(course.organiser ?? '');
    setVenue(course.venue ?? '');
    setDays(course.days.join(', '));
    setGoals(course.goals ?? '');
    setStaffing(course.staffing ?? '');
    setServices(course.services ?? '');
  }, [course]);
  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('PUT', `/api/workspaces/${workspaceId}/course`, {
        title,
        organiser: organiser || null,
        venue: venue || null,
        days: list(days),
        goals: goals || null,
        staffing: staffing || null,
        services: services || null,
      });
      onSaved();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <details open={!course}>
      <summary>{t('programme.plan')}</summary>
      <form onSubmit={(event) => void save(event)}>
        <TextField label={t('programme.title')} value={title} onChange={(e) => setTitle(e.target.value)} required />
        <TextField label={t('programme.organiser')} value={organiser} onChange={(e) => setOrganiser(e.target.value)} />
        <TextField label={t('programme.venue')} value={venue} onChange={(e) => setVenue(e.target.value)} />
        <TextField label={t('programme.days')} value={days} onChange={(e) => setDays(e.target.value)} required />
        <TextArea label={t('programme.goals')} value={goals} onChange={(e) => setGoals(e.target.value)} />
        <TextArea label={t('programme.staffing')} value={staffing} onChange={(e) => setStaffing(e.target.value)} />
        <TextArea label={t('programme.services')} value={services} onChange={(e) => setServices(e.target.value)} />
        <ErrorAlert error={error} />
        <Button type="submit">{t('programme.save')}</Button>
      </form>
    </details>
  );
}

function BlockForm({ workspaceId, days, onAdded }: { workspaceId: string; days: number; onAdded: () => void }) {
  const { t } = useTranslation();
  const [day, setDay] = useState('1');
  const [start, setStart] = useState('10:00');
  const [end, setEnd] = useState('11:00');
  const [kind, setKind] = useState<string>('lecture');
  const [title, setTitle] = useState('');
  const [material, setMaterial] = useState('');
  const [labs, setLabs] = useState('');
  const [instructors, setInstructors] = useState('');
  const [assistants, setAssistants] = useState('');
  const [error, setError] = useState<unknown>();
  async function add(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/api/workspaces/${workspaceId}/course/blocks`, {
        day: Number(day),
        start,
        end,
        kind,
        title,
        material: material || null,
        labs: list(labs),
        instructors: list(instructors),
        assistants: list(assistants),
      });
      setTitle('');
      onAdded();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <details>
      <summary>{t('programme.addBlock')}</summary>
      <form onSubmit={(event) => void add(event)}>
        <SelectField label={t('programme.day', { day: '' })} value={day} onChange={(e) => setDay(e.target.value)}>
          {Array.from({ length: days }, (_, i) => (
            <option key={i} value={String(i + 1)}>
              {t('programme.day', { day: i + 1 })}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('programme.start')}
          type="time"
          value={start}
          onChange={(e) => setStart(e.target.value)}
          required
        />
        <TextField
          label={t('programme.end')}
          type="time"
          value={end}
          onChange={(e) => setEnd(e.target.value)}
          required
        />
        <SelectField label={t('programme.kind')} value={kind} onChange={(e) => setKind(e.target.value)}>
          {BLOCK_KINDS.map((value) => (
            <option key={value} value={value}>
              {t(`programme.kinds.${value}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('programme.title')} value={title} onChange={(e) => setTitle(e.target.value)} required />
        <TextField label={t('programme.material')} value={material} onChange={(e) => setMaterial(e.target.value)} />
        <TextField label={t('programme.labs')} value={labs} onChange={(e) => setLabs(e.target.value)} />
        <TextField
          label={t('programme.instructors')}
          value={instructors}
          onChange={(e) => setInstructors(e.target.value)}
        />
        <TextField
          label={t('programme.assistants')}
          value={assistants}
          onChange={(e) => setAssistants(e.target.value)}
        />
        <ErrorAlert error={error} />
        <Button type="submit">{t('programme.addBlock')}</Button>
      </form>
    </details>
  );
}

function Participants({ workspaceId, days, isPlanner }: { workspaceId: string; days: number; isPlanner: boolean }) {
  const { t } = useTranslation();
  const participants = useQuery<Participant[]>(`/api/workspaces/${workspaceId}/participants`);
  const groups = useQuery<Group[]>(`/api/workspaces/${workspaceId}/groups`);
  const [result, setResult] = useState<ParticipantImportResult>();
  const [error, setError] = useState<unknown>();
  async function importFile(file: File) {
    setError(undefined);
    try {
      const isXlsx = /\.xlsx$/i.test(file.name);
      const bytes = new Uint8Array(await file.arrayBuffer());
      let content: string;
      if (isXlsx) {
        let binary = '';
        for (const byte of bytes) binary += String.fromCharCode(byte);
        content = btoa(binary);
      } else content = new TextDecoder().decode(bytes);
      setResult(
        await api<ParticipantImportResult>('POST', `/api/workspaces/${workspaceId}/participants/import`, {
          format: isXlsx ? 'xlsx' : 'csv',
          content,
        }),
      );
      await participants.reload();
    } catch (caught) {
      setError(caught);
    }
  }
  async function toggle(participant: Participant, day: number, present: boolean) {
    const next = present ? [...participant.attendance, day] : participant.attendance.filter((d) => d !== day);
    await api('PUT', `/api/participants/${participant.id}/attendance`, { days: next });
    await participants.reload();
  }
  async function form() {
    setError(undefined);
    try {
      await api('POST', `/api/workspaces/${workspaceId}/groups`, { size: 5 });
      await Promise.all([groups.reload(), participants.reload()]);
    } catch (caught) {
      setError(caught);
    }
  }
  const [issued, setIssued] = useState<{ name: string; code: SignInCode }>();
  async function issue(participant: Participant) {
    setError(undefined);
    try {
      setIssued({
        name: participant.name,
        code: await api<SignInCode>('POST', `/api/participants/${participant.id}/sign-in-code`),
      });
      await participants.reload();
    } catch (caught) {
      setError(caught);
    }
  }
  const groupName = new Map((groups.data ?? []).map((g) => [g.id, g.name]));
  const present = Array.from(
    { length: days },
    (_, i) => (participants.data ?? []).filter((p) => p.attendance.includes(i + 1)).length,
  );
  return (
    <section aria-labelledby="participants-title">
      <h2 id="participants-title">
        {t('programme.participants')} ({participants.data?.length ?? 0})
      </h2>
      {isPlanner && (
        <p>
          <label>
            {t('programme.importParticipants')}{' '}
            <input
              type="file"
              accept=".csv,.xlsx,text/csv"
              onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])}
            />
          </label>{' '}
          <Button variant="default" onClick={() => void form()}>
            {t('programme.formGroups')}
          </Button>
        </p>
      )}
      <ErrorAlert error={error ?? participants.error} />
      {result && (
        <div role="status">
          <p>{t('programme.imported', { count: result.imported })}</p>
          <ul>
            {result.rejected.map((row) => (
              <li key={row.row}>{t('programme.rejectedRow', { row: row.row, problems: row.problems.join('; ') })}</li>
            ))}
          </ul>
        </div>
      )}
      {issued && (
        <div role="status" className="sign-in-code">
          <p>{t('programme.codeFor', { name: issued.name, expires: issued.code.expiresAt.slice(0, 10) })}</p>
          <p>
            <strong className="code">{issued.code.code}</strong>
          </p>
          {/* The QR code of the sign-in address, drawn by the server (qrcode). */}
          <div className="qr" dangerouslySetInnerHTML={{ __html: issued.code.qrSvg }} />
          <p>
            <small>{issued.code.url}</small>
          </p>
        </div>
      )}
      {days > 0 && (
        <BarChart
          label={t('programme.attendance')}
          max={Math.max(1, participants.data?.length ?? 0)}
          bars={present.map((count, i) => ({
            label: t('programme.day', { day: i + 1 }),
            value: count,
            shown: `${count} / ${participants.data?.length ?? 0}`,
          }))}
        />
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('programme.name')}</th>
            <th scope="col">{t('programme.organisation')}</th>
            <th scope="col">{t('programme.sector')}</th>
            <th scope="col">{t('programme.group')}</th>
            {isPlanner && <th scope="col">{t('programme.issueCode')}</th>}
            {Array.from({ length: days }, (_, i) => (
              <th scope="col" key={i}>
                {t('programme.day', { day: i + 1 })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(participants.data ?? []).map((participant) => (
            <tr key={participant.id}>
              <td>{participant.name}</td>
              <td>{participant.organisation ?? '—'}</td>
              <td>{participant.sector ?? '—'}</td>
              <td>{participant.groupId ? groupName.get(participant.groupId) : '—'}</td>
              {isPlanner && (
                <td>
                  <Button size="compact-xs" variant="default" onClick={() => void issue(participant)}>
                    {t('programme.issueCode')}
                  </Button>
                </td>
              )}
              {Array.from({ length: days }, (_, i) => (
                <td key={i}>
                  <Checkbox
                    aria-label={`${participant.name} ${t('programme.day', { day: i + 1 })}`}
                    checked={participant.attendance.includes(i + 1)}
                    onChange={(e) => void toggle(participant, i + 1, e.currentTarget.checked)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function OwnReflection({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const mine = useQuery<Reflection | null>(`/api/workspaces/${workspaceId}/reflections/mine`);
  const [learnt, setLearnt] = useState('');
  const [apply, setApply] = useState('');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (mine.data) {
      setLearnt(mine.data.learnt);
      setApply(mine.data.apply);
    }
  }, [mine.data]);
  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('PUT', `/api/workspaces/${workspaceId}/reflections/mine`, { learnt, apply });
      setSaved(true);
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <section aria-labelledby="reflection-title">
      <h2 id="reflection-title">{t('programme.reflection')}</h2>
      <form onSubmit={(event) => void save(event)}>
        <TextArea label={t('programme.learnt')} value={learnt} onChange={(e) => setLearnt(e.target.value)} required />
        <TextArea label={t('programme.apply')} value={apply} onChange={(e) => setApply(e.target.value)} />
        <ErrorAlert error={error} />
        {saved && <p role="status">{t('programme.saved')}</p>}
        <Button type="submit">{t('programme.save')}</Button>
      </form>
    </section>
  );
}

function Reflections({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const reflections = useQuery<Reflection[]>(`/api/workspaces/${workspaceId}/reflections`);
  const summary = useQuery<ReflectionSummary>(`/api/workspaces/${workspaceId}/reflections/summary`);
  return (
    <section aria-labelledby="reflections-title">
      <h2 id="reflections-title">
        {t('programme.reflections')} ({reflections.data?.length ?? 0})
      </h2>
      {summary.data && summary.data.tags.length > 0 && (
        <BarChart
          label={t('programme.tagSummary')}
          bars={summary.data.tags.map((tag) => ({ label: tag.tag, value: tag.count, shown: String(tag.count) }))}
        />
      )}
      {(reflections.data ?? []).map((reflection) => (
        <ReflectionRow
          key={reflection.id}
          reflection={reflection}
          onSaved={() => void Promise.all([reflections.reload(), summary.reload()])}
        />
      ))}
    </section>
  );
}

function ReflectionRow({ reflection, onSaved }: { reflection: Reflection; onSaved: () => void }) {
  const { t } = useTranslation();
  const [tags, setTags] = useState(reflection.tags.join(', '));
  const [key, setKey] = useState(reflection.keyOpinion);
  return (
    <article>
      <p>
        <strong>{reflection.author ?? '—'}</strong> {reflection.organisation && `（${reflection.organisation}）`}
      </p>
      <p>{reflection.learnt}</p>
      {reflection.apply && <p>→ {reflection.apply}</p>}
      <TextField label={t('programme.tags')} value={tags} onChange={(e) => setTags(e.target.value)} />
      <Checkbox label={t('programme.keyOpinion')} checked={key} onChange={(e) => setKey(e.currentTarget.checked)} />
      <Button
        size="compact-sm"
        variant="default"
        onClick={() =>
          void api('PUT', `/api/reflections/${reflection.id}/tags`, { tags: list(tags), keyOpinion: key }).then(onSaved)
        }
      >
        {t('programme.tagSave')}
      </Button>
    </article>
  );
}

function ReportBox({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const sections = useQuery<ReportSections>(`/api/workspaces/${workspaceId}/report/sections`);
  const [insights, setInsights] = useState('');
  const [improvements, setImprovements] = useState('');
  const [appendix, setAppendix] = useState('');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!sections.data) return;
    setInsights(sections.data.insights);
    setImprovements(sections.data.improvements);
    setAppendix(sections.data.appendix);
  }, [sections.data]);
  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('PUT', `/api/workspaces/${workspaceId}/report/sections`, { insights, improvements, appendix });
      setSaved(true);
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">{t('programme.report')}</h2>
      <p>
        <a href={`/api/workspaces/${workspaceId}/report.docx`} className="button-link">
          {t('programme.reportDocx')}
        </a>{' '}
        <a href={`/api/workspaces/${workspaceId}/report.pdf`} className="button-link">
          {t('programme.reportPdf')}
        </a>{' '}
        <a href={`/api/workspaces/${workspaceId}/deliverables.zip`} className="button-link">
          {t('programme.deliverables')}
        </a>
      </p>
      <form onSubmit={(event) => void save(event)}>
        <TextArea label={t('programme.insights')} value={insights} onChange={(e) => setInsights(e.target.value)} />
        <TextArea
          label={t('programme.improvements')}
          value={improvements}
          onChange={(e) => setImprovements(e.target.value)}
        />
        <TextArea label={t('programme.appendix')} value={appendix} onChange={(e) => setAppendix(e.target.value)} />
        <ErrorAlert error={error} />
        {saved && <p role="status">{t('programme.saved')}</p>}
        <Button type="submit">{t('programme.save')}</Button>
      </form>
    </section>
  );
}

function GroupWork({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const groups = useQuery<Group[]>(`/api/workspaces/${workspaceId}/groups`);
  if (!groups.data?.length) return null;
  return (
    <section aria-labelledby="groupwork-title">
      <h2 id="groupwork-title">{t('programme.worksheets')}</h2>
      <ul>
        {groups.data.map((group) => (
          <li key={group.id}>
            <Link to={`/groups/${group.id}/worksheet`}>{group.name}</Link> ·{' '}
            {t('programme.members', { count: group.participantIds.length })}
          </li>
        ))}
      </ul>
      <p>
        <a href={`/api/workspaces/${workspaceId}/worksheets.xlsx`}>{t('programme.worksheetsXlsx')}</a>
      </p>
    </section>
  );
}
