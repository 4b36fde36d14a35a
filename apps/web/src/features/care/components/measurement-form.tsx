import { MEASUREMENT_KINDS, type MeasurementKind, type MeasurementValue } from '@medrelay/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useAddMeasurement } from '../api.ts';

/** Enter a reading of one kind; impossible values come back as the server's stable error. */
export function MeasurementForm({
  kind,
  onKind,
}: {
  kind: MeasurementKind;
  onKind: (k: MeasurementKind) => void;
}) {
  const { t } = useTranslation();
  const add = useAddMeasurement();
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [timing, setTiming] = useState<'fasting' | 'after_meal' | 'random'>('random');
  const [saved, setSaved] = useState(false);
  const num = (s: string) => Number(s.replace(',', '.'));
  const value = (): MeasurementValue => {
    switch (kind) {
      case 'temperature':
        return { kind, celsius: num(a) };
      case 'spo2':
        return { kind, percent: num(a) };
      case 'blood_pressure':
        return { kind, systolic: Math.round(num(a)), diastolic: Math.round(num(b)) };
      case 'blood_glucose':
        return { kind, mmolPerL: num(a), timing };
    }
  };
  const firstLabel = {
    temperature: 'celsius',
    spo2: 'percent',
    blood_pressure: 'systolic',
    blood_glucose: 'mmolPerL',
  }[kind];
  const ready = a.trim() !== '' && (kind !== 'blood_pressure' || b.trim() !== '');
  return (
    <form
      className="card care-section"
      aria-labelledby="care-measure-title"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        add.mutate(value(), {
          onSuccess: () => {
            setA('');
            setB('');
            setSaved(true);
          },
        });
      }}
    >
      <h2 id="care-measure-title" className="section-title">
        {t('care.measure.title')}
      </h2>
      <Field label={t('care.measure.kind')}>
        {({ id }) => (
          <select
            className="select"
            id={id}
            value={kind}
            onChange={(e) => {
              onKind(e.target.value as MeasurementKind);
              setA('');
              setB('');
              add.reset();
            }}
          >
            {MEASUREMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`care.measure.kinds.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="care-grid-2">
        <Field label={t(`care.measure.${firstLabel}`)}>
          {({ id }) => (
            <input
              className="input"
              id={id}
              inputMode="decimal"
              value={a}
              onChange={(e) => setA(e.target.value)}
              autoComplete="off"
            />
          )}
        </Field>
        {kind === 'blood_pressure' ? (
          <Field label={t('care.measure.diastolic')}>
            {({ id }) => (
              <input
                className="input"
                id={id}
                inputMode="numeric"
                value={b}
                onChange={(e) => setB(e.target.value)}
                autoComplete="off"
              />
            )}
          </Field>
        ) : kind === 'blood_glucose' ? (
          <Field label={t('care.measure.timing')}>
            {({ id }) => (
              <select
                className="select"
                id={id}
                value={timing}
                onChange={(e) => setTiming(e.target.value as typeof timing)}
              >
                {(['fasting', 'after_meal', 'random'] as const).map((x) => (
                  <option key={x} value={x}>
                    {t(`care.measure.timings.${x}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      {add.isError ? <FieldError>{errorMessage(add.error, t)}</FieldError> : null}
      {saved ? (
        <p role="status" className="muted">
          {t('care.measure.saved')}
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={!ready} busy={add.isPending}>
        {t('care.measure.save')}
      </Button>
    </form>
  );
}
