import type { PostView } from '@medrelay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { IconPhone } from '../../../components/ui/icons.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { LoginForm, mustVerify, useMe, VerificationForm } from '../../me/index.ts';
import { MessageComposer } from '../../messages/index.ts';
import { usePostResponses, useRevealQuota } from '../api/contact-figures.ts';
import { useRevealContact } from '../api/reveal-contact.ts';
import { formatPhone } from '../phone-format.ts';

type Intent = 'reveal' | 'message';

/**
 * Reaching the poster: a bar fixed at the bottom (联系 / 留言) so the way to act is always in reach, and
 * the panel it opens. Revealing a number is a deliberate, limited act: it asks first and says how many
 * reveals are left today. Either needs a logged-in, verified account; logging in or verifying on the
 * way carries on with what the user asked for.
 */
export function ContactPanel({ post }: { post: PostView }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const me = useMe();
  const reveal = useRevealContact();
  const account = me.data;
  const ready = Boolean(account) && !mustVerify(account);
  const phone = post.contactMode === 'phone' && Boolean(post.contactPhoneMasked);
  const quota = useRevealQuota(ready && phone);
  const responses = usePostResponses(post.id);
  const [intent, setIntent] = useState<Intent>();
  const [confirming, setConfirming] = useState(false);
  const [writing, setWriting] = useState(false);
  const [copied, setCopied] = useState<'ok' | 'failed'>();
  const panel = useRef<HTMLElement>(null);

  const start = (what: Intent) => {
    setIntent(what);
    panel.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };
  // Once logged in and verified, the intent goes on: a reveal still asks first, a message opens the form.
  useEffect(() => {
    if (!intent || !ready) return;
    if (intent === 'reveal') setConfirming(true);
    else setWriting(true);
    setIntent(undefined);
  }, [intent, ready]);

  const spend = () =>
    reveal.mutate(post.id, {
      onSettled: () => {
        setConfirming(false);
        void qc.invalidateQueries({ queryKey: ['reveal-quota'] });
        void qc.invalidateQueries({ queryKey: ['post-responses', post.id] });
      },
      onError: (err) => {
        if (err instanceof ApiError && err.code === 'verification_required') setIntent('reveal');
      },
    });
  const copy = async (number: string) => {
    try {
      await navigator.clipboard.writeText(number);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  };

  const contact = reveal.data;
  const count = responses.data?.count;
  const left = quota.data;
  return (
    <>
      <section className="card contact" aria-labelledby="contact-title" ref={panel}>
        <h2 id="contact-title" className="section-title">
          {t('detail.contactTitle')}
        </h2>
        {count !== undefined ? (
          <p className="card-meta responses" data-testid="responses">
            {count ? t('detail.responses', { count }) : t('detail.noResponses')}
          </p>
        ) : null}
        {contact ? (
          <div className="contact-revealed">
            <p className="contact-phone">
              <IconPhone />
              <span data-testid="revealed-phone">{formatPhone(contact.phone)}</span>
            </p>
            <div className="actions">
              <a href={`tel:${contact.phone}`} className="btn btn-primary btn-md">
                {t('detail.call')}
              </a>
              <Button onClick={() => void copy(contact.phone)}>{t('detail.copyNumber')}</Button>
              <span role="status" className="copy-status">
                {copied === 'ok'
                  ? t('detail.numberCopied')
                  : copied === 'failed'
                    ? t('detail.copyFailed')
                    : null}
              </span>
            </div>
            {contact.via === 'privacy_number' ? (
              <p className="muted">
                {contact.expiresAt
                  ? t('detail.privacyNumberUntil', { time: formatDateTime(contact.expiresAt, i18n.language) })
                  : t('detail.privacyNumber')}
              </p>
            ) : null}
            <p className="fine-print">{t('detail.revealedNote')}</p>
          </div>
        ) : phone ? (
          <>
            <p className="contact-phone">
              <IconPhone />
              <span>{post.contactPhoneMasked}</span>
            </p>
            {confirming ? (
              <div className="notice reveal-confirm" role="group" aria-labelledby="reveal-confirm-title">
                <p id="reveal-confirm-title">{t('detail.revealConfirm')}</p>
                {left ? (
                  <p className="reveal-left">
                    {left.leftThisHour === 0 && left.leftToday > 0
                      ? t('detail.revealsHourFull')
                      : t('detail.revealsLeft', { count: left.leftToday })}
                  </p>
                ) : null}
                <div className="actions">
                  <Button variant="primary" busy={reveal.isPending} onClick={spend}>
                    {t('detail.revealConfirmYes')}
                  </Button>
                  <Button variant="ghost" onClick={() => setConfirming(false)}>
                    {t('actions.cancel')}
                  </Button>
                </div>
              </div>
            ) : (
              <Button variant="primary" block size="lg" onClick={() => start('reveal')}>
                {t('detail.reveal')}
              </Button>
            )}
            <p className="fine-print">{t('detail.revealLogged')}</p>
            {reveal.isError &&
            !(reveal.error instanceof ApiError && reveal.error.code === 'verification_required') ? (
              <FieldError>{errorMessage(reveal.error, t)}</FieldError>
            ) : null}
          </>
        ) : (
          <p className="muted">
            {t(post.contactMode === 'relay' ? 'detail.relayIntro' : 'detail.noContact')}
          </p>
        )}
        {writing && account ? (
          <MessageComposer postId={post.id} />
        ) : !phone || contact ? (
          <Button variant={phone ? 'secondary' : 'primary'} block size="lg" onClick={() => start('message')}>
            {t('detail.message')}
          </Button>
        ) : null}
        <p className="fine-print">{t('detail.noTrade')}</p>
        {intent && !account ? (
          <LoginForm intro={t(intent === 'message' ? 'detail.loginToMessage' : 'detail.loginToReveal')} />
        ) : null}
        {intent && account && mustVerify(account) ? (
          <VerificationForm
            intro={t(intent === 'message' ? 'detail.verifyToMessage' : 'detail.verifyToReveal')}
          />
        ) : null}
      </section>
      <div className="action-bar" role="group" aria-label={t('detail.actionBar')}>
        {phone && !contact ? (
          <Button variant="primary" size="lg" onClick={() => start('reveal')}>
            {t('detail.contact')}
          </Button>
        ) : null}
        {contact ? (
          <a href={`tel:${contact.phone}`} className="btn btn-primary btn-lg">
            {t('detail.call')}
          </a>
        ) : null}
        <Button variant={phone ? 'secondary' : 'primary'} size="lg" onClick={() => start('message')}>
          {t('detail.leaveMessage')}
        </Button>
      </div>
    </>
  );
}
