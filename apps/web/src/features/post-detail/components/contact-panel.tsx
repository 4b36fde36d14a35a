import type { PostView } from '@medrelay/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { IconPhone } from '../../../components/ui/icons.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { LoginForm, mustVerify, useMe, VerificationForm } from '../../me/index.ts';
import { MessageComposer } from '../../messages/index.ts';
import { useRevealContact } from '../api/reveal-contact.ts';

/**
 * The masked number and the deliberate act of revealing it, or, for posts that keep the phone private,
 * a message through the app. Either needs a logged-in, verified account; logging in or verifying on the
 * way carries on with what the user asked for.
 */
export function ContactPanel({ post }: { post: PostView }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const reveal = useRevealContact();
  const [step, setStep] = useState<'idle' | 'login' | 'verify'>('idle');
  const [wantsMessage, setWantsMessage] = useState(false);
  const account = me.data;
  const relay = post.contactMode === 'relay';

  const go = () => {
    if (!account) return setStep('login');
    if (mustVerify(account)) return setStep('verify');
    setStep('idle');
    if (relay) setWantsMessage(true);
    else
      reveal.mutate(post.id, {
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'verification_required') setStep('verify');
        },
      });
  };

  useEffect(() => {
    if ((step === 'login' && account) || (step === 'verify' && account && !mustVerify(account))) go();
  });

  const contact = reveal.data;
  return (
    <section className="card contact" aria-labelledby="contact-title">
      <h2 id="contact-title" className="section-title">
        {t('detail.contactTitle')}
      </h2>
      {contact ? (
        <div className="contact-revealed">
          <p className="contact-phone">
            <IconPhone />
            <a href={`tel:${contact.phone}`} data-testid="revealed-phone">
              {contact.phone}
            </a>
          </p>
          {contact.via === 'privacy_number' ? (
            <p className="muted">
              {contact.expiresAt
                ? t('detail.privacyNumberUntil', { time: formatDateTime(contact.expiresAt, i18n.language) })
                : t('detail.privacyNumber')}
            </p>
          ) : null}
          <p className="fine-print">{t('detail.revealedNote')}</p>
        </div>
      ) : relay ? (
        <>
          <p className="muted">{t('detail.relayIntro')}</p>
          {wantsMessage && account ? (
            <MessageComposer postId={post.id} />
          ) : (
            <Button variant="primary" block size="lg" onClick={go}>
              {t('detail.message')}
            </Button>
          )}
        </>
      ) : (
        <>
          <p className="contact-phone">
            <IconPhone />
            <span>{post.contactPhoneMasked ?? t('detail.noContact')}</span>
          </p>
          {post.contactPhoneMasked ? (
            <Button variant="primary" block size="lg" busy={reveal.isPending} onClick={go}>
              {t('detail.reveal')}
            </Button>
          ) : null}
          <p className="fine-print">{t('detail.revealLogged')}</p>
          {reveal.isError &&
          !(reveal.error instanceof ApiError && reveal.error.code === 'verification_required') ? (
            <FieldError>{errorMessage(reveal.error, t)}</FieldError>
          ) : null}
        </>
      )}
      <p className="fine-print">{t('detail.noTrade')}</p>
      {step === 'login' && !account ? (
        <LoginForm intro={t(relay ? 'detail.loginToMessage' : 'detail.loginToReveal')} />
      ) : null}
      {step === 'verify' && account && mustVerify(account) ? (
        <VerificationForm intro={t(relay ? 'detail.verifyToMessage' : 'detail.verifyToReveal')} />
      ) : null}
    </section>
  );
}
