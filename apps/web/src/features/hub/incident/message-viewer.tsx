/**
 * The safe raw-message viewer: headers, text and the server-sanitised HTML of a report's
 * original message, plus a byte-exact download. Nothing here can run a script or load a
 * remote resource: the server strips them, and the page's CSP forbids them as well.
 */
import { Button } from '@mantine/core';
import type { ReportMessageView } from '@renkei/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert } from '../../../components/ui.js';

export function MessageViewer({ reportId }: { reportId: string }) {
  const { t } = useTranslation();
  const view = useQuery<ReportMessageView>(`/api/reports/${reportId}/message`);
  const [showHtml, setShowHtml] = useState(false);
  if (!view.data) return <ErrorAlert error={view.error} />;
  const message = view.data;
  return (
    <div className="message-viewer" aria-label={t('hub.original')}>
      <p>
        <a href={`/api/reports/${reportId}/raw`} download>
          {t('hub.downloadRaw')}
        </a>{' '}
        ({message.size.toLocaleString()} bytes, SHA-256 <code>{message.rawSha256.slice(0, 16)}…</code>)
      </p>
      {message.headers.length > 0 && (
        <details>
          <summary>
            {t('hub.headers')} ({message.headers.length})
          </summary>
          <table className="headers">
            <tbody>
              {message.headers.map((header, index) => (
                <tr key={index}>
                  <th scope="row">{header.name}</th>
                  <td>
                    <code>{header.value}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {message.forwarded.map((forwarded, index) => (
        <details key={index}>
          <summary>
            {t('hub.forwarded')}: {forwarded.subject} {forwarded.from && `— ${forwarded.from}`}
          </summary>
          <table className="headers">
            <tbody>
              {Object.entries(forwarded.headers).map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>
                    <code>{value}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
      {message.safeHtml !== null && (
        <p>
          <Button variant="default" type="button" aria-pressed={showHtml} onClick={() => setShowHtml(!showHtml)}>
            {showHtml ? t('hub.showText') : t('hub.showSafeHtml')}
          </Button>
        </p>
      )}
      {showHtml && message.safeHtml !== null ? (
        // Sanitised on the server (no scripts, handlers, styles, images or links) and the CSP
        // blocks inline scripts and remote loads: the HTML is inert here.
        <div className="safe-html" dangerouslySetInnerHTML={{ __html: message.safeHtml }} />
      ) : (
        <pre className="report-body">{message.text}</pre>
      )}
    </div>
  );
}
