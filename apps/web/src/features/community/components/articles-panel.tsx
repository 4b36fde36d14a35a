import type { ArticleView } from '@medrelay/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Field } from '../../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards } from '../../../components/ui/state-view.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import {
  type ArticleInput,
  type ArticleKind,
  useArticleStep,
  useArticles,
  usePartnerMembers,
  useReviewers,
  useSaveArticle,
  useSetReviewer,
} from '../api.ts';
import type { CommunityAccess } from './community-workspace.tsx';

const KINDS: ArticleKind[] = ['medicine_guidance', 'faq', 'disease', 'vaccine'];
const STATUS_TONE = { draft: 'muted', reviewed: 'neutral', published: 'ok' } as const;

/** 内容库: articles with their review step (草稿 → 已审核 → 已发布), and who may review. */
export function ArticlesPanel({ partnerId, access }: { partnerId: string; access: CommunityAccess }) {
  const { t } = useTranslation();
  const articles = useArticles(partnerId);
  const step = useArticleStep(partnerId);
  const [editing, setEditing] = useState<ArticleView | 'new'>();

  if (articles.isPending) return <SkeletonCards count={2} label={t('common.loading')} />;
  if (articles.isError) return <LoadFailed query={articles} />;
  return (
    <div className="community-panel">
      <p className="field-hint">{t('community.articles.flow')}</p>
      {step.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(step.error, t)}
        </p>
      ) : null}
      {articles.data.items.length ? (
        <ul className="card-list" aria-label={t('community.articles.list')}>
          {articles.data.items.map((a) => (
            <li key={a.id} className="card article-card">
              <h3 className="card-title">{a.title}</h3>
              <p className="card-meta">
                <Badge tone={STATUS_TONE[a.status]}>{t(`community.articles.status.${a.status}`)}</Badge>{' '}
                {t(`community.articleKind.${a.kind}`)}
                {a.reviewerProfession
                  ? ` · ${t('community.articles.reviewedBy', { who: t(`community.profession.${a.reviewerProfession}`) })}`
                  : ''}
                {a.tags.length ? ` · ${a.tags.join('、')}` : ''}
              </p>
              {access.write ? (
                <div className="row-actions">
                  {a.status === 'draft' && !a.mine ? (
                    <Button
                      size="sm"
                      variant="primary"
                      onClick={() => step.mutate({ id: a.id, action: 'review' })}
                    >
                      {t('community.articles.review')}
                    </Button>
                  ) : null}
                  {a.status === 'reviewed' ? (
                    <Button
                      size="sm"
                      variant="primary"
                      onClick={() => step.mutate({ id: a.id, action: 'publish' })}
                    >
                      {t('community.articles.publish')}
                    </Button>
                  ) : null}
                  {a.status === 'published' ? (
                    <>
                      <a className="btn btn-ghost btn-sm" href={`/articles/${a.id}`}>
                        {t('community.articles.open')}
                      </a>
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => step.mutate({ id: a.id, action: 'unpublish' })}
                      >
                        {t('community.articles.unpublish')}
                      </Button>
                    </>
                  ) : null}
                  <Button size="sm" variant="ghost" onClick={() => setEditing(a)}>
                    {t('community.articles.edit')}
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('community.articles.none')}</p>
      )}
      {access.write ? (
        editing ? (
          <ArticleForm
            key={editing === 'new' ? 'new' : editing.id}
            partnerId={partnerId}
            article={editing === 'new' ? undefined : editing}
            onDone={() => setEditing(undefined)}
          />
        ) : (
          <Button variant="primary" onClick={() => setEditing('new')}>
            {t('community.articles.new')}
          </Button>
        )
      ) : null}
      {access.own ? <ReviewersSection partnerId={partnerId} /> : null}
    </div>
  );
}

function ArticleForm({
  partnerId,
  article,
  onDone,
}: {
  partnerId: string;
  article?: ArticleView;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveArticle(partnerId);
  const [form, setForm] = useState<ArticleInput>({
    kind: article?.kind ?? 'medicine_guidance',
    title: article?.title ?? '',
    summary: article?.summary ?? '',
    bodyMd: article?.bodyMd ?? '',
    tags: article?.tags ?? [],
    coverUrl: article?.coverUrl ?? null,
  });
  const [tags, setTags] = useState(form.tags.join(' '));
  const set = <K extends keyof ArticleInput>(k: K, v: ArticleInput[K]) => setForm((f) => ({ ...f, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      ...form,
      tags: tags
        .split(/[\s,，、]+/)
        .filter(Boolean)
        .slice(0, 8),
    };
    save.mutate({ id: article?.id, body }, { onSuccess: onDone });
  };
  return (
    <form className="card community-form" onSubmit={submit} noValidate aria-labelledby="article-form-title">
      <h3 id="article-form-title" className="section-title">
        {article ? t('community.articles.editTitle') : t('community.articles.new')}
      </h3>
      {article && article.status !== 'draft' ? (
        <p className="notice notice-warn">{t('community.articles.editResets')}</p>
      ) : null}
      <Field label={t('community.articles.kind')}>
        {({ id }) => (
          <select
            id={id}
            className="input"
            value={form.kind}
            onChange={(e) => set('kind', e.target.value as ArticleKind)}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`community.articleKind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('community.articles.titleField')}>
        {({ id }) => (
          <input
            id={id}
            className="input"
            maxLength={80}
            value={form.title}
            onChange={(e) => set('title', e.target.value)}
          />
        )}
      </Field>
      <Field label={t('community.articles.summary')} hint={t('community.articles.summaryHint')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            className="input"
            maxLength={200}
            aria-describedby={describedBy}
            value={form.summary}
            onChange={(e) => set('summary', e.target.value)}
          />
        )}
      </Field>
      <Field label={t('community.articles.body')} hint={t('community.articles.bodyHint')}>
        {({ id, describedBy }) => (
          <textarea
            id={id}
            className="input article-md"
            rows={8}
            aria-describedby={describedBy}
            value={form.bodyMd}
            onChange={(e) => set('bodyMd', e.target.value)}
          />
        )}
      </Field>
      <Field label={t('community.articles.tags')} hint={t('community.articles.tagsHint')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            className="input"
            aria-describedby={describedBy}
            value={tags}
            onChange={(e) => setTags(e.target.value)}
          />
        )}
      </Field>
      {save.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(save.error, t)}
        </p>
      ) : null}
      <div className="row-actions">
        <Button
          type="submit"
          variant="primary"
          busy={save.isPending}
          disabled={!form.title.trim() || !form.bodyMd.trim()}
        >
          {t('community.articles.save')}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          {t('community.articles.cancel')}
        </Button>
      </div>
    </form>
  );
}

function ReviewersSection({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const reviewers = useReviewers(partnerId);
  const members = usePartnerMembers(partnerId);
  const setReviewer = useSetReviewer(partnerId);
  const professionOf = new Map(reviewers.data?.items.map((r) => [r.userId, r.profession]));
  return (
    <section className="card" aria-labelledby="reviewers-title">
      <h3 id="reviewers-title" className="section-title">
        {t('community.reviewers.title')}
      </h3>
      <p className="field-hint">{t('community.reviewers.hint')}</p>
      {setReviewer.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(setReviewer.error, t)}
        </p>
      ) : null}
      <ul className="member-list">
        {(members.data ?? []).map((m) => {
          const profession = professionOf.get(m.userId);
          return (
            <li key={m.userId} className="list-row reviewer-row">
              <span className="tabular">{m.phoneMasked}</span>
              {profession ? <Badge tone="ok">{t(`community.profession.${profession}`)}</Badge> : null}
              <span className="row-actions">
                {(['doctor', 'pharmacist'] as const)
                  .filter((p) => p !== profession)
                  .map((p) => (
                    <Button
                      key={p}
                      size="sm"
                      variant="ghost"
                      onClick={() => setReviewer.mutate({ userId: m.userId, profession: p })}
                    >
                      {t('community.reviewers.makeAs', { who: t(`community.profession.${p}`) })}
                    </Button>
                  ))}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
