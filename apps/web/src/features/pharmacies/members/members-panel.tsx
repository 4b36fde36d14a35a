import './strings.ts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError } from '../../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../../components/ui/state-view.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import {
  posterUrl,
  useAdminCoupons,
  useIssueCoupon,
  useJoinLink,
  useMemberSettings,
  useMembers,
  useSetMemberSettings,
} from './api.ts';
import { QrImage } from './codes.tsx';
import { CounterPanel } from './counter-panel.tsx';
import { CouponTerms } from './coupon-terms.tsx';
import { FiguresPanel } from './figures-panel.tsx';
import './members.css';

/** The pharmacy's membership work in /partner/:id: the counter, members, coupons, the poster, figures. */
export function PharmacyMembersPanel({ partnerId }: { partnerId: string }) {
  return (
    <div className="pharmacy-members">
      <CounterPanel partnerId={partnerId} />
      <MembersSection partnerId={partnerId} />
      <CouponsSection partnerId={partnerId} />
      <PosterSection partnerId={partnerId} />
      <FiguresPanel partnerId={partnerId} />
    </div>
  );
}

function MembersSection({ partnerId }: { partnerId: string }) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const members = useMembers(partnerId, q.trim().toUpperCase());
  const settings = useMemberSettings(partnerId);
  const save = useSetMemberSettings(partnerId);
  const [months, setMonths] = useState<string | null>(null);
  const shown = months ?? (settings.data?.pointsExpireMonths ? String(settings.data.pointsExpireMonths) : '');
  return (
    <section aria-labelledby="members-title" className="partner-sections">
      <h2 id="members-title" className="section-title">
        {t('pharmacyMembers.members')}
        {members.data ? ` (${members.data.total})` : ''}
      </h2>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(shown ? Number(shown) : null, { onSuccess: () => setMonths(null) });
        }}
      >
        <Field
          label={t('pharmacyMembers.expireMonths')}
          hint={t('pharmacyMembers.expireHint')}
          error={save.isError ? errorMessage(save.error, t) : undefined}
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              className="input"
              inputMode="numeric"
              value={shown}
              onChange={(e) => setMonths(e.target.value.replace(/\D/g, '').slice(0, 2))}
            />
          )}
        </Field>
        {save.isSuccess ? (
          <p className="notice" role="status">
            {t('pharmacyMembers.saved')}
          </p>
        ) : null}
        <Button type="submit" size="sm" busy={save.isPending}>
          {t('pharmacyMembers.saveRule')}
        </Button>
      </form>
      <div className="card">
        <Field label={t('pharmacyMembers.search')}>
          {({ id }) => (
            <input
              id={id}
              className="input"
              value={q}
              maxLength={10}
              onChange={(e) => setQ(e.target.value)}
            />
          )}
        </Field>
        {members.isPending ? (
          <SkeletonCards label={t('common.loading')} count={1} />
        ) : members.isError ? (
          <LoadFailed query={members} />
        ) : members.data.items.length === 0 ? (
          <StateView tone="empty" title={t('pharmacyMembers.noMembers')} />
        ) : (
          <ul className="points-history" aria-label={t('pharmacyMembers.members')}>
            {members.data.items.map((m) => (
              <li key={m.memberCode}>
                <span className="tabular">{m.memberCode}</span>
                <span className="card-meta">{new Date(m.joinedAt).toLocaleDateString(i18n.language)}</span>
                <span className="tabular">
                  {m.balance} {t('pharmacyMembers.pointsUnit')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

const inDays = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
};

function CouponsSection({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const coupons = useAdminCoupons(partnerId);
  const issue = useIssueCoupon(partnerId);
  const [form, setForm] = useState({
    title: '',
    kind: 'amount' as 'amount' | 'percent',
    off: '',
    minSpend: '',
    until: inDays(30),
    quantity: '100',
    perPerson: '1',
    unlock: '0',
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const off = Number(form.off);
    issue.mutate(
      {
        title: form.title.trim(),
        kind: form.kind,
        ...(form.kind === 'amount' ? { amountFen: Math.round(off * 100) } : { percentOff: Math.round(off) }),
        minSpendFen: Math.round(Number(form.minSpend || 0) * 100),
        // The end of the chosen day in China time.
        validUntil: new Date(`${form.until}T23:59:59+08:00`).toISOString(),
        quantity: Number(form.quantity),
        perPersonLimit: Number(form.perPerson),
        unlockThreshold: Number(form.unlock),
      },
      { onSuccess: () => setForm((f) => ({ ...f, title: '', off: '' })) },
    );
  };
  const origin = window.location.origin;
  return (
    <section aria-labelledby="coupons-title" className="partner-sections">
      <h2 id="coupons-title" className="section-title">
        {t('pharmacyMembers.coupons')}
      </h2>
      <form className="card coupon-form" onSubmit={submit} noValidate>
        <p className="muted">{t('pharmacyMembers.moneyOffOnly')}</p>
        <Field label={t('pharmacyMembers.couponName')}>
          {({ id }) => (
            <input id={id} className="input" maxLength={30} value={form.title} onChange={set('title')} />
          )}
        </Field>
        <Field label={t('pharmacyMembers.couponKind')}>
          {({ id }) => (
            <select id={id} className="input" value={form.kind} onChange={set('kind')}>
              <option value="amount">{t('pharmacyMembers.kindAmount')}</option>
              <option value="percent">{t('pharmacyMembers.kindPercent')}</option>
            </select>
          )}
        </Field>
        <Field
          label={form.kind === 'amount' ? t('pharmacyMembers.offYuan') : t('pharmacyMembers.offPercent')}
        >
          {({ id }) => (
            <input id={id} className="input" inputMode="decimal" value={form.off} onChange={set('off')} />
          )}
        </Field>
        <Field label={t('pharmacyMembers.minSpendYuan')}>
          {({ id }) => (
            <input
              id={id}
              className="input"
              inputMode="decimal"
              value={form.minSpend}
              onChange={set('minSpend')}
            />
          )}
        </Field>
        <Field label={t('pharmacyMembers.validUntil')}>
          {({ id }) => (
            <input id={id} className="input" type="date" value={form.until} onChange={set('until')} />
          )}
        </Field>
        <Field label={t('pharmacyMembers.quantity')}>
          {({ id }) => (
            <input
              id={id}
              className="input"
              inputMode="numeric"
              value={form.quantity}
              onChange={set('quantity')}
            />
          )}
        </Field>
        <Field label={t('pharmacyMembers.perPerson')}>
          {({ id }) => (
            <input
              id={id}
              className="input"
              inputMode="numeric"
              value={form.perPerson}
              onChange={set('perPerson')}
            />
          )}
        </Field>
        <Field label={t('pharmacyMembers.unlock')} hint={t('pharmacyMembers.unlockHint')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              className="input"
              inputMode="numeric"
              value={form.unlock}
              onChange={set('unlock')}
            />
          )}
        </Field>
        {issue.isError ? <FieldError>{errorMessage(issue.error, t)}</FieldError> : null}
        {issue.isSuccess ? (
          <p className="notice" role="status">
            {t('pharmacyMembers.issued')}
          </p>
        ) : null}
        <Button
          type="submit"
          variant="primary"
          disabled={!form.title.trim() || !form.off}
          busy={issue.isPending}
        >
          {t('pharmacyMembers.issue')}
        </Button>
      </form>
      {coupons.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : coupons.isError ? (
        <LoadFailed query={coupons} />
      ) : coupons.data.items.length === 0 ? (
        <StateView tone="empty" title={t('pharmacyMembers.noCouponsIssued')} />
      ) : (
        <ul className="card-list" aria-label={t('pharmacyMembers.coupons')}>
          {coupons.data.items.map((c) => (
            <li key={c.id} className="card">
              <CouponTerms coupon={c} />
              <p className="card-meta">
                {t('pharmacyMembers.couponStats', {
                  claims: c.claims,
                  redemptions: c.redemptions,
                  remaining: c.remaining,
                })}
              </p>
              <label className="field">
                <span className="field-label">{t('pharmacyMembers.claimLink', { title: c.title })}</span>
                <input
                  className="input"
                  readOnly
                  value={`${origin}/pharmacies/${partnerId}/coupons/${c.id}`}
                  onFocus={(e) => e.target.select()}
                />
              </label>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PosterSection({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const link = useJoinLink(partnerId);
  return (
    <section aria-labelledby="poster-title" className="partner-sections">
      <h2 id="poster-title" className="section-title">
        {t('pharmacyMembers.poster')}
      </h2>
      <div className="card poster-card">
        <p>{t('pharmacyMembers.posterWhy')}</p>
        {link.data ? (
          <>
            <QrImage value={link.data.url} label={t('pharmacyMembers.joinQr')} size={160} />
            <p className="card-meta break">{link.data.url}</p>
          </>
        ) : null}
        <a className="btn btn-primary btn-md" href={posterUrl(partnerId)} download="medrelay-poster.pdf">
          {t('pharmacyMembers.downloadPoster')}
        </a>
      </div>
    </section>
  );
}
