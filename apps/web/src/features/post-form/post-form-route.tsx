import type { Kind } from '@medrelay/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router';
import { Button } from '../../components/ui/button.tsx';
import { FieldError } from '../../components/ui/field.tsx';
import { Segmented } from '../../components/ui/segmented.tsx';
import { Spinner } from '../../components/ui/state-view.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { chinaToday } from '../../lib/format.ts';
import { newIdempotencyKey } from '../../lib/ids.ts';
import { shouldQueue } from '../../lib/offline-queue.ts';
import { useCatalogue } from '../catalog/index.ts';
import { LoginForm, mustVerify, useMe, VerificationForm } from '../me/index.ts';
import { QueuedNotice, queuePost } from '../offline/index.ts';
import { useCreatePost } from './api/create-post.ts';
import { useScreening } from './api/screen-draft.ts';
import { ConsentBox } from './components/consent-box.tsx';
import { DetailsSection } from './components/details-section.tsx';
import { ItemsSection } from './components/items-section.tsx';
import { LocationSection } from './components/location-section.tsx';
import { Preview } from './components/preview.tsx';
import { ScreeningNotice } from './components/screening-notice.tsx';
import { Success } from './components/success.tsx';
import {
  type Draft,
  emptyDraft,
  type FieldErrors,
  firstErrorField,
  type PassOnState,
  passOnDraft,
  serverErrors,
  toBody,
  validateDraft,
} from './form-state.ts';
import './post-form.css';

export function PostFormRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const passOn = useLocation().state as PassOnState | null;
  const [draft, setDraft] = useState<Draft>(() =>
    passOn?.passOn ? passOnDraft(passOn) : emptyDraft(params.get('kind') === 'offer' ? 'offer' : 'need'),
  );
  const [step, setStep] = useState<'edit' | 'preview'>('edit');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [focusField, setFocusField] = useState<{ field: string } | undefined>();
  const [idempotencyKey, setIdempotencyKey] = useState('');
  // Written offline: kept in the outbox with its key and sent when the connection returns.
  const [queued, setQueued] = useState(false);
  const catalogue = useCatalogue();
  const me = useMe();
  const create = useCreatePost();
  const top = useRef<HTMLDivElement>(null);
  // Warn while typing, with the publishing rules: a held or refused note is said before 发布.
  const screening = useScreening(
    { kind: draft.kind, note: draft.note, medicineIds: draft.items.map((i) => i.medicineId) },
    { enabled: Boolean(me.data) && !create.isSuccess },
  );
  const screeningNotice = <ScreeningNotice screening={draft.note.trim() ? screening.data : undefined} />;

  const message = (field: string) => {
    const e = errors[field];
    return e ? t(e.key, { ...e.params, defaultValue: t('form.errors.invalid') }) : undefined;
  };

  useEffect(() => {
    if (!focusField) return;
    const el = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(focusField.field)}"]`);
    const target =
      el?.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea, button') ??
      (el?.matches('input, select, textarea') ? el : null);
    el?.scrollIntoView({ block: 'center' });
    target?.focus({ preventScroll: true });
  }, [focusField]);

  const patch = (p: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...p }));
    // A changed field's old complaint no longer applies.
    setErrors((prev) => {
      const next = { ...prev };
      delete next.form;
      for (const key of Object.keys(p)) {
        if (key === 'items') for (const f of Object.keys(next)) if (f.startsWith('items')) delete next[f];
        if (key === 'place') delete next.location;
        delete next[key];
      }
      return next;
    });
  };

  const setKind = (kind: Kind) => {
    // Caps differ between asking and offering; keep quantities within the new kind's cap.
    const items = draft.items.map((i) => {
      const cap = catalogue.byId.get(i.medicineId)?.caps[kind] ?? i.quantity;
      return { ...i, quantity: Math.max(1, Math.min(i.quantity, cap)) };
    });
    patch({ kind, items });
  };

  const toPreview = () => {
    const found = validateDraft(draft, catalogue.byId, chinaToday());
    setErrors(found);
    const first = firstErrorField(found);
    if (first) {
      setFocusField({ field: first });
      return;
    }
    setIdempotencyKey(newIdempotencyKey());
    setStep('preview');
    top.current?.scrollIntoView();
  };

  const queueOffline = () => {
    const ownerId = me.data?.id;
    if (!ownerId) return;
    void queuePost({ key: idempotencyKey, body: toBody(draft), ownerId }).then(() => setQueued(true));
  };

  const publish = () => {
    if (!navigator.onLine) {
      queueOffline();
      return;
    }
    create.mutate(
      { body: toBody(draft), key: idempotencyKey },
      {
        onError: (err) => {
          if (shouldQueue(err, navigator.onLine)) {
            queueOffline();
            return;
          }
          if (err instanceof ApiError && err.status === 401) {
            void me.refetch();
            return;
          }
          if (err instanceof ApiError && err.code === 'verification_required') {
            void me.refetch();
            return;
          }
          const found = serverErrors(err);
          if (found.consent) {
            // The consent box is on this step; stay here and point at it.
            setErrors(found);
            setFocusField({ field: 'consent' });
            return;
          }
          const fieldsOnly = Object.keys(found).filter((f) => f !== 'form');
          if (fieldsOnly.length) {
            setErrors(found);
            setStep('edit');
            setFocusField({ field: firstErrorField(found) ?? 'items' });
          }
        },
      },
    );
  };

  if (create.isSuccess) return <Success post={create.data} />;
  if (queued) return <QueuedNotice />;
  if (catalogue.isPending) return <Spinner label={t('common.loading')} />;

  const errorCount = Object.keys(errors).length;
  const account = me.data;
  const verifyFirst = mustVerify(account);
  const askConsent = Boolean(account) && account?.consented === false;
  const submitError =
    create.isError &&
    !(
      create.error instanceof ApiError &&
      (create.error.status === 401 || create.error.code === 'verification_required')
    )
      ? serverErrors(create.error).form
      : undefined;

  return (
    <div className="page post-form" ref={top}>
      <h1 className="page-title">{t(step === 'edit' ? 'form.title' : 'form.previewTitle')}</h1>
      {step === 'edit' ? (
        <>
          <Segmented<Kind>
            className="kind-choice"
            label={t('form.kindLabel')}
            value={draft.kind}
            onChange={setKind}
            options={[
              { value: 'need', label: t('home.postNeed') },
              { value: 'offer', label: t('home.postOffer') },
            ]}
          />
          <p className="field-hint">{t(draft.kind === 'need' ? 'form.needIntro' : 'form.offerIntro')}</p>
          {draft.relayedFrom && draft.kind === 'offer' ? (
            <p className="notice notice-ok">{t('passOn.formIntro')}</p>
          ) : null}
          {errorCount ? (
            <div className="notice notice-error" role="alert" data-field="form">
              <p>{t('form.errorSummary', { count: errorCount })}</p>
              {message('form') ? <p>{message('form')}</p> : null}
            </div>
          ) : null}
          <ItemsSection
            draft={draft}
            setItems={(items) => patch({ items })}
            catalogue={catalogue.byId}
            errors={errors}
            message={message}
          />
          <LocationSection
            place={draft.place}
            setPlace={(place) => patch({ place })}
            error={message('location')}
          />
          <DetailsSection draft={draft} patch={patch} message={message} noteWarning={screeningNotice} />
          <div className="form-footer">
            <Button variant="primary" size="lg" block onClick={toPreview}>
              {t('form.toPreview')}
            </Button>
          </div>
        </>
      ) : (
        <>
          <Preview draft={draft} catalogue={catalogue.byId} />
          {screeningNotice}
          {me.isPending ? null : !account ? (
            <LoginForm intro={t('form.loginToPublish')} />
          ) : verifyFirst ? (
            <VerificationForm intro={t('form.verifyToPublish')} />
          ) : askConsent ? (
            <ConsentBox
              checked={draft.consent}
              onChange={(consent) => patch({ consent })}
              error={message('consent')}
            />
          ) : null}
          {submitError ? (
            <FieldError>
              {t(submitError.key, {
                ...submitError.params,
                defaultValue: t('errors.unknown', { status: '' }),
              })}
            </FieldError>
          ) : null}
          <div className="form-footer actions">
            <Button onClick={() => setStep('edit')} disabled={create.isPending}>
              {t('form.edit')}
            </Button>
            <Button
              variant="primary"
              size="lg"
              busy={create.isPending}
              disabled={!account || verifyFirst || (askConsent && !draft.consent)}
              onClick={publish}
            >
              {t('form.publish')}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
