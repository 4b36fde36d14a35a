import { describe, expect, test } from 'vitest';
import { plainExcerpt, renderArticle } from './markdown.ts';

describe('article Markdown is sanitised on render', () => {
  test('headings, emphasis, lists and links render', () => {
    const html = renderArticle(
      '## 布洛芬怎么吃\n\n**每次 1 片**，每日不超过 4 次。\n\n- 饭后服用\n\n[说明书](https://example.org/a)',
    );
    expect(html).toContain('<h2>布洛芬怎么吃</h2>');
    expect(html).toContain('<strong>每次 1 片</strong>');
    expect(html).toContain('<li>饭后服用</li>');
    expect(html).toContain('href="https://example.org/a"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  test('a <script> in the source does not survive', () => {
    const html = renderArticle(
      'hello <script>alert(1)</script>\n\n<img src="https://a.example/x.png" onerror="alert(2)">\n\n<p onclick="x()">p</p>',
    );
    expect(html).not.toMatch(/script/i);
    expect(html).not.toContain('alert(1)');
    expect(html).not.toMatch(/onerror|onclick/i);
    expect(html).toContain('<img src="https://a.example/x.png" />');
  });

  test('javascript: and data: links are removed', () => {
    const html = renderArticle(
      '<a href="javascript:alert(1)">a</a> <a href="JaVaScRiPt:alert(1)">b</a> <a href="data:text/html,hi">c</a> [md](javascript:alert(2))',
    );
    expect(html).not.toMatch(/href="(javascript|data):/i);
    expect(html).not.toMatch(/href=/i);
    expect(html).toContain('>a</a>');
  });

  test('an https image stays, an http one does not', () => {
    expect(renderArticle('![药盒](https://img.example.org/a.png)')).toContain(
      'src="https://img.example.org/a.png"',
    );
    expect(renderArticle('![药盒](http://img.example.org/a.png)')).not.toContain('src=');
  });

  test('the excerpt is plain text, cut with an ellipsis', () => {
    expect(plainExcerpt('# 标题\n\n**正文** <b>x</b><script>y</script>', 100)).toBe('标题 正文 x');
    expect(plainExcerpt('a'.repeat(300), 10)).toHaveLength(10);
  });
});
