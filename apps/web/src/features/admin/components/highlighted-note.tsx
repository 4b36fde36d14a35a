import { useTranslation } from 'react-i18next';

/**
 * The note as the rules read it (normalised), with the parts trade patterns matched in <mark>, so a
 * moderator sees at a glance why "ｊｉａｇｅ 好商量，卫星 abc123" was held: 价格好商量 and 微信abc123.
 */
export function HighlightedNote({ text, spans }: { text: string; spans: [number, number][] }) {
  const { t } = useTranslation();
  const parts: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at || end > text.length || end <= start) continue; // out of date or malformed: skip
    if (start > at) parts.push({ text: text.slice(at, start), marked: false });
    parts.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false });
  return (
    <p className="queue-normalized">
      <span className="card-meta">{t('admin.queue.normalized')}</span>{' '}
      <span lang="zh-CN">
        {parts.map((part, i) =>
          part.marked ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
        )}
      </span>
    </p>
  );
}
