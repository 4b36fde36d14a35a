import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { FieldError } from '../../components/ui/field.tsx';
import { LoadFailed, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { chinaToday } from '../../lib/format.ts';
import { useCatalogue } from '../catalog/index.ts';
import { type MyPost, useMyPosts } from '../me/index.ts';
import { useEditHeldPost } from './api/edit-held-post.ts';
import { useScreening } from './api/screen-draft.ts';
import { ItemsSection } from './components/items-section.tsx';
import { NoteField } from './components/note-field.tsx';
import { reasonsText, ScreeningNotice } from './components/screening-notice.tsx';
import { type Draft, emptyDraft, type FieldErrors, serverErrors, validateDraft } from './form-state.ts';
import './post-form.css';

const draftOf = (post: MyPost): Draft => ({
  ...emptyDraft(post.kind),
  items: post.items.map((i) => ({
    medicineId: i.medicineId,
    quantity: i.quantity,
    expiresOn: i.expiresOn ?? '',
    unopened: i.unopened ?? false,
  })),
  note: post.note ?? '',
});

/**
 * 修改待审核的信息 (issue 16): the owner of a held post changes its note and items; the rules read it
 * again as they would a new post, warning while typing. It publishes, stays held (with the reason), or
 * is refused as written and stays as it was.
 */
export function EditHeldRoute() {
  const { t } = useTranslation();
  const { id } = useParams();
  const mine = useMyPosts();
  const post = mine.data?.items.find((p) => p.id === id);

  if (mine.isPending) return <Spinner label={t('common.loading')} />;
  if (mine.isError) {
    return (
      <div className="page">
        <LoadFailed query={mine} />
      </div>
    );
  }
  if (!post || (post.status !== 'review' && post.status !== 'open')) {
    return (
      <div className="page">
        <StateView tone="empty" title={t('form.editHeld.notHeld')}>
          <ButtonLink to="/me">{t('form.myPosts')}</ButtonLink>
        </StateView>
      </div>
    );
  }
  return <EditHeldForm post={post} />;
}

function EditHeldForm({ post }: { post: MyPost }) {
  const { t } = useTranslation();
  const catalogue = useCatalogue();
  const edit = useEditHeldPost();
  const [draft, setDraft] = useState<Draft>(() => draftOf(post));
  const [errors, setErrors] = useState<FieldErrors>({});
  const heading = useRef<HTMLHeadingElement>(null);
  const result = useRef<HTMLDivElement>(null);
  const screening = useScreening(
    { kind: draft.kind, note: draft.note, medicineIds: draft.items.map((i) => i.medicineId) },
    { enabled: post.status === 'review' && !edit.isSuccess },
  );
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (edit.isSuccess) result.current?.focus();
  }, [edit.isSuccess]);

  const message = (field: string) => {
    const e = errors[field];
    return e ? t(e.key, { ...e.params, defaultValue: t('form.errors.invalid') }) : undefined;
  };

  if (catalogue.isPending) return <Spinner label={t('common.loading')} />;

  const saved = edit.data;
  if (saved || post.status === 'open') {
    const published = (saved ?? post).status === 'open';
    return (
      <div className="page post-form">
        <section className="success card" aria-labelledby="edit-result">
          <div className={`success-mark${published ? '' : ' success-mark-held'}`} aria-hidden="true">
            {published ? '✓' : '!'}
          </div>
          <h1 id="edit-result" className="page-title" tabIndex={-1} ref={result}>
            {t(published ? 'form.editHeld.published' : 'form.editHeld.stillHeld')}
          </h1>
          {!published && saved?.moderationReason ? (
            <p className="notice notice-warn held-reason">
              {t('form.screening.heldReason', { reason: reasonsText(t, [saved.moderationReason]) })}
            </p>
          ) : null}
          <div className="actions actions-stack">
            <ButtonLink to={`/posts/${post.id}`} variant="primary" size="lg" block>
              {t('form.viewPost')}
            </ButtonLink>
            {!published ? (
              <Button block onClick={() => edit.reset()}>
                {t('form.editHeld.again')}
              </Button>
            ) : null}
            <ButtonLink to="/me" variant="ghost" block>
              {t('form.myPosts')}
            </ButtonLink>
          </div>
        </section>
      </div>
    );
  }

  const submit = () => {
    const found = validateDraft(draft, catalogue.byId, chinaToday());
    delete found.location;
    setErrors(found);
    if (Object.keys(found).length) return;
    const items = draft.items.map((i) =>
      draft.kind === 'offer'
        ? { medicineId: i.medicineId, quantity: i.quantity, expiresOn: i.expiresOn, unopened: i.unopened }
        : { medicineId: i.medicineId, quantity: i.quantity },
    );
    edit.mutate(
      { id: post.id, body: { note: draft.note.trim(), items } },
      { onError: (err) => setErrors(serverErrors(err)) },
    );
  };
  const refused =
    edit.error instanceof ApiError && edit.error.code === 'post_blocked'
      ? reasonsText(t, (edit.error.details.reasons as string[] | undefined) ?? [])
      : undefined;

  return (
    <div className="page post-form">
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        {t('form.editHeld.title')}
      </h1>
      {post.moderationReason ? (
        <p className="notice notice-warn held-reason">
          {t('form.screening.heldReason', { reason: reasonsText(t, [post.moderationReason]) })}
        </p>
      ) : null}
      <p className="field-hint">{t('form.editHeld.intro')}</p>
      <ItemsSection
        draft={draft}
        setItems={(items) => {
          setDraft((d) => ({ ...d, items }));
          setErrors({});
        }}
        catalogue={catalogue.byId}
        errors={errors}
        message={message}
      />
      <NoteField
        kind={draft.kind}
        note={draft.note}
        error={message('note')}
        onChange={(note) => {
          setDraft((d) => ({ ...d, note }));
          setErrors({});
        }}
      />
      <ScreeningNotice screening={draft.note.trim() ? screening.data : undefined} />
      {refused ? (
        <FieldError>{t('form.screening.blocked', { reason: refused })}</FieldError>
      ) : message('form') ? (
        <FieldError>{message('form')}</FieldError>
      ) : null}
      <div className="form-footer actions">
        <ButtonLink to="/me" variant="ghost">
          {t('actions.cancel')}
        </ButtonLink>
        <Button variant="primary" size="lg" busy={edit.isPending} onClick={submit}>
          {t('form.editHeld.submit')}
        </Button>
      </div>
    </div>
  );
}
