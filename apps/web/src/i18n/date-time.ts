/**
 * Dates and times as the reader reads them: in their language, and for Japanese in Japan
 * Standard Time (a handler abroad still reads the team's clock); English uses the browser's zone.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export function dateTimeFormat(
  language: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' },
): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', {
    ...options,
    ...(language === 'ja' ? { timeZone: 'Asia/Tokyo' } : {}),
  });
}

/** A formatter of ISO timestamps for the current language; '' for a missing or invalid one. */
export function useDateTime(options?: Intl.DateTimeFormatOptions): (iso: string | null | undefined) => string {
  const { i18n } = useTranslation();
  const format = useMemo(() => dateTimeFormat(i18n.language, options), [i18n.language, options]);
  return (iso) => {
    if (!iso) return '';
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? '' : format.format(at);
  };
}
