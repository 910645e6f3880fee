/**
 * Small accessible building blocks on Mantine (labelled fields, alerts, TLP badges, the language
 * switch), so every page gets the same dense look and the same label/description wiring.
 */
import { Alert, Badge, Button, Group, NativeSelect, Textarea, TextInput } from '@mantine/core';
import type { Tlp } from '@renkei/contracts';
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../app/api.js';
import { setLanguage } from '../i18n/index.js';

// Mantine's inputs take the native attributes as they are; `size` means its own scale, so a
// native `size` (a width in characters, unused here) is not passed on.
type NativeInput = Omit<InputHTMLAttributes<HTMLInputElement>, 'size'>;
type NativeSelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'size'>;

export function TextField({ label, hint, ...input }: { label: string; hint?: string } & NativeInput) {
  return <TextInput className="field" label={label} description={hint} {...input} />;
}

/** A password asked again to confirm a sensitive change (tokens, second factor). */
export function ConfirmPasswordField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      label={label}
      type="password"
      autoComplete="current-password"
      required
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function TextArea({ label, ...textarea }: { label: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <Textarea className="field" label={label} {...textarea} />;
}

export function SelectField({
  label,
  children,
  ...select
}: { label: string; children: ReactNode } & NativeSelectProps) {
  return (
    <NativeSelect className="field" label={label} {...select}>
      {children}
    </NativeSelect>
  );
}

/** Translates an API error by its code; announced to screen readers. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'INTERNAL_ERROR';
  const fields = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
  return (
    <Alert role="alert" color="red" variant="light" className="alert alert-error">
      {t(`errors.${code}`)}
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li key={field.path}>
              {field.path.replace(/^body\./u, '')}:{' '}
              {field.code ? t(`validation.${field.code}`, { defaultValue: field.message }) : field.message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <Alert role="status" color="green" variant="light" className="alert alert-ok">
      {children}
    </Alert>
  );
}

/** TLP 2.0 colours as FIRST defines them (black background, coloured text). */
const TLP_COLOURS: Record<Tlp, string> = {
  RED: '#FF2B2B',
  'AMBER+STRICT': '#FFC000',
  AMBER: '#FFC000',
  GREEN: '#33FF00',
  CLEAR: '#FFFFFF',
};

export function TlpBadge({ tlp }: { tlp: Tlp }) {
  return (
    <Badge
      className={`tlp tlp-${tlp.replace('+', '-').toLowerCase()}`}
      color="#000"
      c={TLP_COLOURS[tlp]}
      variant="filled"
      tt="none"
    >
      TLP:{tlp}
    </Badge>
  );
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Group gap={4} className="language-switch" role="group" aria-label={t('language.label')}>
      {(['ja', 'en'] as const).map((language) => (
        <Button
          key={language}
          size="compact-sm"
          variant={i18n.language === language ? 'white' : 'subtle'}
          color={i18n.language === language ? 'navy' : 'gray.0'}
          aria-pressed={i18n.language === language}
          onClick={() => setLanguage(language)}
          lang={language}
        >
          {t(`language.${language}`)}
        </Button>
      ))}
    </Group>
  );
}
