/**
 * For web tests: the real Renkei server (SQLite) on a free port, with the test page's address
 * set to it, so that the app's relative `/api/…` requests reach it as they do when Renkei
 * serves the web app (one origin). Call from a happy-dom test; destroy() it afterwards.
 */
import { createTestApp, type TestApp } from '../../../server/test/test-runtime.js';

export type PageServer = TestApp;

export async function serveToPage(overrides: Record<string, unknown> = {}): Promise<PageServer> {
  const test = await createTestApp('sqlite', overrides);
  const address = await test.app.listen({ port: 0, host: '127.0.0.1' });
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${address}/`);
  return test;
}
