/** Manual entry of a report that came by phone or fax, with the scanned page attached. */
import { Button } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../app/api.js';
import { ErrorAlert, TextArea, TextField } from '../../../components/ui.js';

/** A file as base64, for the JSON API (scanned pages are small enough). */
async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function ManualReportForm({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const [manual, setManual] = useState({ subject: '', body: '', reporterName: '', reporterEmail: '' });
  const [isManualOpen, setIsManualOpen] = useState(false);
  const [manualFiles, setManualFiles] = useState<File[]>([]);

  async function enterReport(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const filed = await api<{ incidentId: string }>('POST', `/api/workspaces/${workspaceId}/reports`, {
        channel: 'manual',
        subject: manual.subject,
        body: manual.body,
        ...(manual.reporterName ? { reporterName: manual.reporterName } : {}),
        ...(manual.reporterEmail ? { reporterEmail: manual.reporterEmail } : {}),
        ...(manualFiles.length
          ? {
              attachments: await Promise.all(
                manualFiles.map(async (file) => ({
                  filename: file.name,
                  contentType: file.type || 'application/octet-stream',
                  contentBase64: await toBase64(file),
                })),
              ),
            }
          : {}),
      });
      void navigate(`/incidents/${filed.incidentId}`);
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="card">
      <Button
        variant="default"
        type="button"
        aria-expanded={isManualOpen}
        onClick={() => setIsManualOpen(!isManualOpen)}
      >
        {t('hub.newReport')}
      </Button>
      {isManualOpen && (
        <form onSubmit={(event) => void enterReport(event)}>
          <p>{t('hub.manualIntro')}</p>
          <ErrorAlert error={error} />
          <TextField
            label={t('hub.yourName')}
            value={manual.reporterName}
            onChange={(e) => setManual({ ...manual, reporterName: e.target.value })}
          />
          <TextField
            label={t('hub.yourEmail')}
            type="email"
            value={manual.reporterEmail}
            onChange={(e) => setManual({ ...manual, reporterEmail: e.target.value })}
          />
          <TextField
            label={t('hub.subject')}
            required
            value={manual.subject}
            onChange={(e) => setManual({ ...manual, subject: e.target.value })}
          />
          <TextArea
            label={t('hub.details')}
            required
            rows={6}
            value={manual.body}
            onChange={(e) => setManual({ ...manual, body: e.target.value })}
          />
          <label>
            {t('hub.scannedPage')}
            <input
              type="file"
              multiple
              accept="application/pdf,image/*"
              onChange={(e) => setManualFiles([...(e.target.files ?? [])])}
            />
          </label>
          <Button type="submit">{t('hub.submit')}</Button>
        </form>
      )}
    </section>
  );
}
