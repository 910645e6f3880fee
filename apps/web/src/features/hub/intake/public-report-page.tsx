/** The public incident report form (no sign-in), Japanese and English. */
import { Button } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { ErrorAlert, LanguageSwitch, Notice, SelectField, TextArea, TextField } from '../../../components/ui.js';

export function PublicReportPage() {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState({
    reporterName: '',
    reporterEmail: '',
    reporterOrganization: '',
    subject: '',
    body: '',
    isIcs: false,
    vendor: '',
    product: '',
    asset: '',
    impact: 'unknown',
  });
  const [error, setError] = useState<unknown>();
  const [tracking, setTracking] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const optional = (key: 'reporterName' | 'reporterEmail' | 'reporterOrganization') =>
      form[key] ? { [key]: form[key] } : {};
    try {
      const receipt = await api<{ trackingNumber: string }>('POST', '/api/public/reports', {
        ...optional('reporterName'),
        ...optional('reporterEmail'),
        ...optional('reporterOrganization'),
        subject: form.subject,
        body: form.body,
        language: i18n.language === 'en' ? 'en' : 'ja',
        isIcs: form.isIcs,
        ...(form.isIcs
          ? {
              ics: {
                vendor: form.vendor || undefined,
                product: form.product || undefined,
                asset: form.asset || undefined,
                operationalImpact: form.impact,
              },
            }
          : {}),
      });
      setTracking(receipt.trackingNumber);
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <main id="main" className="public-report">
      <div className="login-card wide">
        <LanguageSwitch />
        <h1>{t('hub.reportForm')}</h1>
        <p>{t('hub.publicIntro')}</p>
        <p className="hint">
          {t('hub.pgpForReporters')}: <a href="/api/public/pgp-key">pgp-key.asc</a>
        </p>
        {tracking ? (
          <Notice>{t('hub.submitted', { tracking })}</Notice>
        ) : (
          <form onSubmit={(event) => void submit(event)}>
            <TextField
              label={t('hub.yourName')}
              autoComplete="name"
              value={form.reporterName}
              onChange={(e) => setForm({ ...form, reporterName: e.target.value })}
            />
            <TextField
              label={t('hub.yourEmail')}
              type="email"
              autoComplete="email"
              value={form.reporterEmail}
              onChange={(e) => setForm({ ...form, reporterEmail: e.target.value })}
            />
            <TextField
              label={t('hub.yourOrganization')}
              autoComplete="organization"
              value={form.reporterOrganization}
              onChange={(e) => setForm({ ...form, reporterOrganization: e.target.value })}
            />
            <TextField
              label={t('hub.subject')}
              required
              maxLength={500}
              value={form.subject}
              onChange={(e) => setForm({ ...form, subject: e.target.value })}
            />
            <TextArea
              label={t('hub.details')}
              required
              rows={8}
              value={form.body}
              onChange={(e) => setForm({ ...form, body: e.target.value })}
            />
            <div className="field checkbox">
              <input
                id="report-ics"
                type="checkbox"
                checked={form.isIcs}
                onChange={(e) => setForm({ ...form, isIcs: e.target.checked })}
              />
              <label htmlFor="report-ics">{t('hub.ics')}</label>
            </div>
            {form.isIcs && (
              <fieldset>
                <legend>ICS / OT</legend>
                <TextField
                  label={t('hub.icsVendor')}
                  value={form.vendor}
                  onChange={(e) => setForm({ ...form, vendor: e.target.value })}
                />
                <TextField
                  label={t('hub.icsProduct')}
                  value={form.product}
                  onChange={(e) => setForm({ ...form, product: e.target.value })}
                />
                <TextField
                  label={t('hub.icsAsset')}
                  value={form.asset}
                  onChange={(e) => setForm({ ...form, asset: e.target.value })}
                />
                <SelectField
                  label={t('hub.icsImpact')}
                  value={form.impact}
                  onChange={(e) => setForm({ ...form, impact: e.target.value })}
                >
                  {(['none', 'degraded', 'stopped', 'unknown'] as const).map((impact) => (
                    <option key={impact} value={impact}>
                      {t(`hub.impact_${impact}`)}
                    </option>
                  ))}
                </SelectField>
              </fieldset>
            )}
            <ErrorAlert error={error} />
            <Button type="submit">{t('hub.submit')}</Button>
          </form>
        )}
        <p>
          <Link to="/">{t('hub.backToLogin')}</Link>
        </p>
      </div>
    </main>
  );
}
