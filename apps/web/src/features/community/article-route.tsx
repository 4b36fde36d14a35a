import './strings.ts';
import './community.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { usePublicArticle } from './api.ts';

/** /articles/:articleId — a published article anyone may read and share (the server adds its card). */
export function ArticleRoute() {
  const { t } = useTranslation();
  const { articleId = '' } = useParams();
  const article = usePublicArticle(articleId);
  const [copied, setCopied] = useState(false);
  if (article.isPending) return <SkeletonCards count={1} label={t('common.loading')} />;
  if (article.isError) {
    return (
      <div className="page community">
        {article.error instanceof ApiError && article.error.status === 404 ? (
          <StateView tone="empty" title={t('community.article.gone')} />
        ) : (
          <LoadFailed query={article} />
        )}
      </div>
    );
  }
  const a = article.data;
  return (
    <article className="page community article-page">
      <h1 className="page-title">{a.title}</h1>
      <p className="card-meta">
        <Badge tone="muted">{t(`community.articleKind.${a.kind}`)}</Badge> {a.institution} ·{' '}
        {new Date(a.publishedAt).toLocaleDateString()}
      </p>
      {a.reviewerProfession ? (
        <p className="notice">
          {t('community.article.reviewed', { who: t(`community.profession.${a.reviewerProfession}`) })}
        </p>
      ) : null}
      {a.coverUrl ? <img className="article-cover" src={a.coverUrl} alt="" /> : null}
      <div
        className="article-body"
        // Rendered from Markdown and sanitised on the server (markdown-it + sanitize-html).
        dangerouslySetInnerHTML={{ __html: a.html }}
      />
      {a.tags.length ? (
        <p className="article-tags">
          {a.tags.map((tag) => (
            <Badge key={tag} tone="neutral">
              {tag}
            </Badge>
          ))}
        </p>
      ) : null}
      <p className="muted">{t('community.article.disclaimer')}</p>
      <Button
        onClick={() => {
          const url = window.location.href;
          if (navigator.share) void navigator.share({ title: a.title, url }).catch(() => undefined);
          else void navigator.clipboard?.writeText(url).then(() => setCopied(true));
        }}
      >
        {copied ? t('community.groups.copied') : t('community.article.share')}
      </Button>
    </article>
  );
}
