import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useHandover } from '../api/workspace.ts';
import { newOperationId, type ScanResult, useMovePoints, useRedeemCoupon, useScan, yuan } from './api.ts';
import { CameraScanner } from './camera-scanner.tsx';

/** 柜台扫码: one box for a pickup code, a member code or a coupon code, by camera or typed. */
export function CounterPanel({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const scan = useScan(partnerId);
  const read = (value: string) => {
    const v = value.trim().toUpperCase();
    setCode(v);
    if (v) scan.mutate(v);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    read(code);
  };
  return (
    <section aria-labelledby="counter-title" className="partner-sections">
      <h2 id="counter-title" className="section-title">
        {t('pharmacyMembers.counter')}
      </h2>
      <form className="card" onSubmit={submit} noValidate>
        <Field
          label={t('pharmacyMembers.scanLabel')}
          hint={t('pharmacyMembers.scanHint')}
          error={scan.isError ? errorMessage(scan.error, t) : undefined}
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              className="input"
              autoComplete="off"
              autoCapitalize="characters"
              maxLength={20}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
        </Field>
        <div className="stock-actions">
          <Button type="submit" variant="primary" disabled={!code.trim()} busy={scan.isPending}>
            {t('pharmacyMembers.identify')}
          </Button>
          <CameraScanner onCode={read} />
        </div>
      </form>
      {scan.data ? (
        <ScanAction key={JSON.stringify(scan.data)} partnerId={partnerId} result={scan.data} />
      ) : null}
    </section>
  );
}

function ScanAction({ partnerId, result }: { partnerId: string; result: ScanResult }) {
  if (result.type === 'pickup') return <PickupAction partnerId={partnerId} code={result.code} />;
  if (result.type === 'member') return <PointsAction partnerId={partnerId} member={result.member} />;
  return (
    <CouponAction partnerId={partnerId} code={result.code} title={result.title} usable={result.usable} />
  );
}

function PickupAction({ partnerId, code }: { partnerId: string; code: string }) {
  const { t } = useTranslation();
  const handover = useHandover(partnerId);
  return (
    <div className="card">
      <p>{t('pharmacyMembers.pickupFound', { code })}</p>
      {handover.isError ? <FieldError>{errorMessage(handover.error, t)}</FieldError> : null}
      {handover.isSuccess ? (
        <p className="notice" role="status">
          {t('pharmacies.workspace.handedOver')}
        </p>
      ) : (
        <Button variant="primary" busy={handover.isPending} onClick={() => handover.mutate(code)}>
          {t('pharmacies.workspace.handOver')}
        </Button>
      )}
    </div>
  );
}

function PointsAction({
  partnerId,
  member,
}: {
  partnerId: string;
  member: { memberCode: string; balance: number };
}) {
  const { t } = useTranslation();
  const move = useMovePoints(partnerId);
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [balance, setBalance] = useState(member.balance);
  // One id per intended operation: a retry after a lost answer sends the same one.
  const op = useRef(newOperationId());
  const n = Number(points);
  const valid = Number.isInteger(n) && n > 0 && reason.trim().length > 0;
  const send = (kind: 'add' | 'redeem') =>
    move.mutate(
      { memberCode: member.memberCode, kind, points: n, reason: reason.trim(), operationId: op.current },
      {
        onSuccess: (r) => {
          setBalance(r.balance);
          setPoints('');
          setReason('');
          op.current = newOperationId();
        },
      },
    );
  return (
    <div className="card" aria-labelledby="member-found">
      <p id="member-found">
        {t('pharmacyMembers.memberFound', { code: member.memberCode })}{' '}
        <strong className="tabular" aria-label={t('pharmacyMembers.balance')}>
          {balance}
        </strong>{' '}
        {t('pharmacyMembers.pointsUnit')}
      </p>
      <Field label={t('pharmacyMembers.pointsAmount')}>
        {({ id }) => (
          <input
            id={id}
            className="input"
            inputMode="numeric"
            value={points}
            onChange={(e) => {
              setPoints(e.target.value.replace(/\D/g, ''));
              op.current = newOperationId();
            }}
          />
        )}
      </Field>
      <Field label={t('pharmacyMembers.reason')}>
        {({ id }) => (
          <input
            id={id}
            className="input"
            maxLength={60}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      {move.isError ? <FieldError>{errorMessage(move.error, t)}</FieldError> : null}
      {move.isSuccess ? (
        <p className="notice" role="status">
          {t('pharmacyMembers.pointsDone', { balance: move.data.balance })}
        </p>
      ) : null}
      <div className="stock-actions">
        <Button variant="primary" disabled={!valid} busy={move.isPending} onClick={() => send('add')}>
          {t('pharmacyMembers.addPoints')}
        </Button>
        <Button disabled={!valid} busy={move.isPending} onClick={() => send('redeem')}>
          {t('pharmacyMembers.redeemPoints')}
        </Button>
      </div>
    </div>
  );
}

function CouponAction({
  partnerId,
  code,
  title,
  usable,
}: {
  partnerId: string;
  code: string;
  title: string;
  usable: boolean;
}) {
  const { t } = useTranslation();
  const redeem = useRedeemCoupon(partnerId);
  const [spend, setSpend] = useState('');
  const spendFen = spend ? Math.round(Number(spend) * 100) : undefined;
  return (
    <div className="card">
      <p>
        {t('pharmacyMembers.couponFound', { title })}{' '}
        {usable ? '' : <strong>{t('pharmacyMembers.notUsable')}</strong>}
      </p>
      <Field label={t('pharmacyMembers.spend')}>
        {({ id }) => (
          <input
            id={id}
            className="input"
            inputMode="decimal"
            value={spend}
            onChange={(e) => setSpend(e.target.value.replace(/[^\d.]/g, ''))}
          />
        )}
      </Field>
      {redeem.isError ? <FieldError>{errorMessage(redeem.error, t)}</FieldError> : null}
      {redeem.isSuccess ? (
        <p className="notice" role="status">
          {redeem.data.discountFen !== null
            ? t('pharmacyMembers.couponUsedAmount', { yuan: yuan(redeem.data.discountFen) })
            : t('pharmacyMembers.couponUsedPercent', { percent: redeem.data.percentOff })}
        </p>
      ) : (
        <Button variant="primary" busy={redeem.isPending} onClick={() => redeem.mutate({ code, spendFen })}>
          {t('pharmacyMembers.useCoupon')}
        </Button>
      )}
    </div>
  );
}
