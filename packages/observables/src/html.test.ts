import { describe, expect, it } from 'vitest';
import { extractHtmlUrls, textUrls } from './html.js';

const PHISH = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="refresh" content="5; url=https://refresh.evil.example/go">
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
<style>.hero { background: url('https://cdn.evil.example/bg.jpg') } @import "https://cdn.evil.example/x.css";</style>
<script>var next = "https://script.evil.example/stage2.js?id=1";</script>
</head><body background="https://evil.example/body.png">
<!-- old link: https://comment.evil.example/old -->
<p>Pay at https://text.evil.example/biz/01%20(1).png now.</p>
<a href="https://www.google.com/url?q=https://real.evil.example" data-saferedirecturl="https://real.evil.example/login#victim@example.com">Sign in</a>
<a href="https://redir.example/?u=&#104;&#116;&#116;&#112;&#115;&#58;&#47;&#47;hidden.evil.example&#37;2Fpath">x</a>
<img src="https://track.evil.example/p.gif" srcset="https://img.evil.example/a.png 1x, https://img.evil.example/b.png 2x">
<form action="https://form.evil.example/collect"><button formaction="https://form2.evil.example/post">OK</button></form>
</body></html>`;

describe('URLs of HTML, from a parse', () => {
  it('finds every URL-bearing attribute, CSS, text, comments and scripts, each with its source', () => {
    const urls = extractHtmlUrls(PHISH);
    const of = (source: string) => urls.filter((u) => u.source === source).map((u) => u.url);
    expect(of('structural')).toEqual([
      'http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd',
      'http://www.w3.org/1999/xhtml',
    ]);
    expect(of('redirect')).toEqual([
      'https://refresh.evil.example/go',
      'https://real.evil.example/login#victim@example.com',
    ]);
    expect(of('stylesheet')).toEqual(['https://fonts.googleapis.com/css?family=Roboto']);
    expect(of('css')).toEqual(['https://cdn.evil.example/bg.jpg', 'https://cdn.evil.example/x.css']);
    expect(of('script')).toEqual(['https://script.evil.example/stage2.js?id=1']);
    expect(of('comment')).toEqual(['https://comment.evil.example/old']);
    expect(of('text')).toEqual(['https://text.evil.example/biz/01%20(1).png']);
    expect(of('link')).toEqual([
      'https://www.google.com/url?q=https://real.evil.example',
      'https://redir.example/?u=https://hidden.evil.example%2Fpath',
    ]);
    expect(of('image')).toEqual([
      'https://evil.example/body.png',
      'https://track.evil.example/p.gif',
      'https://img.evil.example/a.png',
      'https://img.evil.example/b.png',
    ]);
    expect(of('form')).toEqual(['https://form.evil.example/collect', 'https://form2.evil.example/post']);
  });

  it('decodes &amp; in link targets, keeps mailto: addresses and scheme-relative URLs, ignores other schemes', () => {
    expect(
      extractHtmlUrls(
        `<a href="https://real.example/a?x=1&amp;y=2">https://shown.example</a><a href='MAILTO:pay%40scam.example?subject=Hi'>m</a>` +
          `<img src="//cdn.scam.example/p.png"><a href="tel:+81312345678">t</a><a href="javascript:go()">j</a><img src="local.png">`,
      ),
    ).toEqual([
      { url: 'https://real.example/a?x=1&y=2', source: 'link' },
      { url: 'https://shown.example', source: 'text' },
      { url: 'MAILTO:pay@scam.example?subject=Hi', source: 'link' },
      { url: 'https://cdn.scam.example/p.png', source: 'image' },
    ]);
  });

  it('reads the URLs of markup hidden after an unclosed <style> (raw text to a parser and a browser)', () => {
    expect(
      extractHtmlUrls(
        `<p>hi</p><style>.a{background:url(https://img.spam.example/bg.png)}\n<div><a href="https://hidden.spam.example/unsub?id=1">x</a></div>`,
      ),
    ).toEqual([
      { url: 'https://img.spam.example/bg.png', source: 'css' },
      { url: 'https://hidden.spam.example/unsub?id=1', source: 'css' },
    ]);
  });

  it('keeps brackets that belong to a URL in text, and trims those that close a sentence', () => {
    expect(textUrls('see (https://x.example/a_(b)) and [https://y.example/p].')).toEqual([
      'https://x.example/a_(b)',
      'https://y.example/p',
    ]);
    expect(textUrls('詳しくはhttps://z.example/日本。')).toEqual(['https://z.example/日本']);
  });

  it('marks signature blocks and web fonts as not evidence, and leaves what follows a signature alone', () => {
    const html = `<html><head><style>@font-face{src:url(https://cdn.example.net/f/inter.woff2)}
      .b{background:url(https://phish.example.com/bg.png)}</style></head><body>
      <p>Forwarded for your analysis.</p>
      <div class="gmail_signature"><br><a href="https://forwarder.example.org/">Forwarder Inc.</a>
        <img src="https://forwarder.example.org/logo.png"><div><a href="https://www.linkedin.com/company/forwarder">in</a></div></div>
      <a href="https://phish.example.com/login">Verify</a></body></html>`;
    expect(extractHtmlUrls(html)).toEqual([
      { url: 'https://cdn.example.net/f/inter.woff2', source: 'stylesheet' },
      { url: 'https://phish.example.com/bg.png', source: 'css' },
      { url: 'https://forwarder.example.org/', source: 'signature' },
      { url: 'https://forwarder.example.org/logo.png', source: 'signature' },
      { url: 'https://www.linkedin.com/company/forwarder', source: 'signature' },
      { url: 'https://phish.example.com/login', source: 'link' },
    ]);
  });

  it('reads an attribute URL with spaces or line breaks as a browser does', () => {
    expect(
      extractHtmlUrls(
        '<img src=" https://pages.example.com/hubfs/Email Header.png "><a href="https://x.example/a\n/b">x</a>',
      ),
    ).toEqual([
      { url: 'https://pages.example.com/hubfs/Email%20Header.png', source: 'image' },
      { url: 'https://x.example/a/b', source: 'link' },
    ]);
  });
});
