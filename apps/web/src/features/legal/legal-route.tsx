import { useTranslation } from 'react-i18next';
import { LoadFailed, SkeletonCards } from '../../components/ui/state-view.tsx';
import { useLang } from '../../lib/i18n.ts';
import { usePrivacyNotice } from './api/get-privacy-notice.ts';
import './legal.css';
import './strings.ts';
import { TERMS_SECTIONS } from './terms-sections.ts';

/** 用户协议: the few rules a resident agrees to by logging in, in plain words. */
export function TermsRoute() {
  const { t } = useTranslation();
  return (
    <article className="page legal">
      <h1 className="page-title">{t('legal.terms.title')}</h1>
      <p className="muted">{t('legal.terms.updated')}</p>
      {TERMS_SECTIONS.map((id) => (
        <section key={id} className="card">
          <h2 className="section-title">{t(`legal.terms.sections.${id}.title`)}</h2>
          <p>{t(`legal.terms.sections.${id}.body`)}</p>
        </section>
      ))}
    </article>
  );
}

/** 隐私说明: the server's notice, so that what a resident reads is what the consent records. */
export function PrivacyRoute() {
  const { t } = useTranslation();
  const lang = useLang();
  const notice = usePrivacyNotice();
  return (
    <article className="page legal">
      <h1 className="page-title">{t('legal.privacy.title')}</h1>
      {notice.isPending ? (
        <SkeletonCards label={t('common.loading')} count={3} />
      ) : notice.isError ? (
        <LoadFailed query={notice} />
      ) : (
        <>
          <p className="muted">{t('legal.privacy.version', { version: notice.data.version })}</p>
          {notice.data.sections.map((s) => (
            <section key={s.id} className="card">
              <h2 className="section-title">{s[lang].title}</h2>
              <p>{s[lang].body}</p>
            </section>
          ))}
          <p>{t('legal.privacy.more')}</p>
        </>
      )}
    </article>
  );
}
