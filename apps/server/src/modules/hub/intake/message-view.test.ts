import { describe, expect, it } from 'vitest';
import { sanitizeMailHtml } from './message-view.js';

describe('sanitised mail HTML', () => {
  it("drops the mail's class and style attributes, so it cannot borrow the app's look (a fake banner)", () => {
    const html = sanitizeMailHtml(
      '<div class="alert alert-ok" style="position:fixed;top:0">検証済み</div>' +
        '<span class="tlp tlp-clear mail-link" style="color:red" title="t">TLP:CLEAR</span>' +
        '<p class="card"><b class="badge">x</b><font color="red" class="pgp">y</font></p>',
    );
    expect(html).not.toMatch(/class=|style=|color=/);
    expect(html).toContain('検証済み');
    expect(html).toContain('<span title="t">TLP:CLEAR</span>');
  });

  it('turns links into inert text carrying our own class and the defanged target', () => {
    const html = sanitizeMailHtml('<a href="https://evil.example/login" class="button-link">ログイン</a>');
    expect(html).toBe('<span class="mail-link" title="hxxps://evil[.]example/login">ログイン</span>');
  });
});
