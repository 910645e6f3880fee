/**
 * The defence lab of a plant: the defence switches, the knowledge base with each document's
 * provenance (and a form to add one — the poisoning surface), and the measurement runner's
 * before/after as a chart of attack success by class.
 */
import { Badge, Button } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, SelectField, TextArea, TextField } from '../../../components/ui.js';
import { PairedBarChart } from '../paired-bar-chart.js';
import { NO_DEFENCES, type DefenceSettings } from '@renkei/contracts';
import { DefenceSwitches } from './defence-switches.js';

interface KnowledgeDocument {
  id: string;
  title: string;
  origin: string;
  authorName: string | null;
  isSigned: boolean;
  sha256: string;
}

interface Measurement {
  byClass: { class: string; successRate: number }[];
  attackSuccessRate: number;
  benignSuccessRate: number;
  falsePositiveRate: number;
}

export function DefenceLab({ plantId }: { plantId: string }) {
  const { t } = useTranslation();
  const defencesUrl = `/api/plants/${plantId}/assistant/defences`;
  // The same query as the switches' (one cache entry): the measurement's "after" is what they show.
  const defences = useQuery<DefenceSettings>(defencesUrl);
  const documents = useQuery<KnowledgeDocument[]>(`/api/plants/${plantId}/knowledge`);
  const [error, setError] = useState<unknown>();
  const [repeats, setRepeats] = useState('5');
  const [result, setResult] = useState<{ before: Measurement; after: Measurement }>();
  const [measuring, setMeasuring] = useState(false);
  const [doc, setDoc] = useState({ title: '', body: '', lang: 'ja', origin: 'contractor' });

  async function runMeasurement() {
    if (!defences.data) return;
    setError(undefined);
    setMeasuring(true);
    try {
      const body = (settings: unknown) => ({ defences: settings, repeats: Number(repeats) });
      const before = await api<Measurement>('POST', `/api/plants/${plantId}/assistant/measure`, body(NO_DEFENCES));
      const after = await api<Measurement>('POST', `/api/plants/${plantId}/assistant/measure`, body(defences.data));
      setResult({ before, after });
    } catch (caught) {
      setError(caught);
    } finally {
      setMeasuring(false);
    }
  }

  async function addDocument(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/api/plants/${plantId}/knowledge`, doc);
      setDoc({ ...doc, title: '', body: '' });
      await documents.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="defences-title" className="card">
      <h2 id="defences-title">{t('assistant.defences')}</h2>
      <DefenceSwitches url={defencesUrl} />
      <ErrorAlert error={error ?? documents.error} />
      <h3>{t('assistant.measure')}</h3>
      <TextField
        label={t('assistant.repeats')}
        type="number"
        min="1"
        max="50"
        value={repeats}
        onChange={(e) => setRepeats(e.target.value)}
      />
      <Button onClick={() => void runMeasurement()} loading={measuring}>
        {measuring ? t('assistant.measuring') : t('assistant.measure')}
      </Button>
      {result && (
        <>
          <PairedBarChart
            title={t('assistant.chartTitle')}
            rows={result.before.byClass.map((row) => ({
              key: row.class,
              label: t(`assistant.class_${row.class.replace(/-/g, '_')}`),
              before: row.successRate,
              after: result.after.byClass.find((other) => other.class === row.class)?.successRate ?? 0,
            }))}
          />
          <table>
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">{t('assistant.before')}</th>
                <th scope="col">{t('assistant.after')}</th>
              </tr>
            </thead>
            <tbody>
              {(['attackSuccessRate', 'benignSuccessRate', 'falsePositiveRate'] as const).map((key) => (
                <tr key={key}>
                  <th scope="row">
                    {t(
                      key === 'attackSuccessRate'
                        ? 'assistant.attackSuccess'
                        : key === 'benignSuccessRate'
                          ? 'assistant.benignSuccess'
                          : 'assistant.falsePositives',
                    )}
                  </th>
                  <td>{Math.round(result.before[key] * 100)}%</td>
                  <td>{Math.round(result.after[key] * 100)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>{t('assistant.knowledge')}</h3>
      <ul>
        {documents.data?.map((document) => (
          <li key={document.id}>
            {document.title}{' '}
            <Badge variant="light" color={document.isSigned ? 'green' : 'orange'}>
              {document.isSigned ? t('assistant.signed') : t('assistant.unsigned')}
            </Badge>{' '}
            <small>
              {t('assistant.origin')}: {document.origin}
              {document.authorName ? ` · ${document.authorName}` : ''} · sha256 {document.sha256.slice(0, 12)}
            </small>
          </li>
        ))}
      </ul>
      <form onSubmit={(event) => void addDocument(event)} aria-label={t('assistant.addDocument')}>
        <TextField
          label={t('assistant.docTitle')}
          required
          value={doc.title}
          onChange={(e) => setDoc({ ...doc, title: e.target.value })}
        />
        <SelectField
          label={t('assistant.docLang')}
          value={doc.lang}
          onChange={(e) => setDoc({ ...doc, lang: e.target.value })}
        >
          <option value="ja">日本語</option>
          <option value="en">English</option>
        </SelectField>
        <SelectField
          label={t('assistant.docOrigin')}
          value={doc.origin}
          onChange={(e) => setDoc({ ...doc, origin: e.target.value })}
        >
          <option value="contractor">{t('assistant.origin_contractor')}</option>
          <option value="trainee">{t('assistant.origin_trainee')}</option>
        </SelectField>
        <TextArea
          label={t('assistant.docBody')}
          required
          value={doc.body}
          onChange={(e) => setDoc({ ...doc, body: e.target.value })}
        />
        <Button type="submit">{t('assistant.addDocument')}</Button>
      </form>
    </section>
  );
}
