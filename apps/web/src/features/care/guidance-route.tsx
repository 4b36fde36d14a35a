import './strings.ts';
import type { GuidanceView, GuidanceWarning } from '@medrelay/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Field } from '../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards } from '../../components/ui/state-view.tsx';
import { pick, useLang } from '../../lib/i18n.ts';
import { MedicineSearch } from '../catalog/index.ts';
import { useGuidance } from './api.ts';
import { CareTabs } from './components/care-tabs.tsx';
import './care.css';

const asNumber = (s: string) => {
  const n = Number(s.replace(',', '.'));
  return s.trim() && Number.isFinite(n) && n >= 0 ? n : undefined;
};

/** /care/guidance/:medicineId — the label's dose, interval and maximum, when to ask a doctor, warnings. */
export function GuidanceRoute() {
  const { t } = useTranslation();
  const lang = useLang();
  const { medicineId = '' } = useParams();
  const navigate = useNavigate();
  const [age, setAge] = useState('');
  const [weight, setWeight] = useState('');
  const guidance = useGuidance(medicineId, { ageYears: asNumber(age), weightKg: asNumber(weight) });

  return (
    <div className="page care">
      <h1 className="page-title">{t('care.guidance.title')}</h1>
      <CareTabs />
      <div className="card care-section">
        <MedicineSearch
          label={t('care.guidance.pick')}
          onSelect={(m) => navigate(`/care/guidance/${m.id}`)}
        />
      </div>
      {!medicineId ? null : guidance.isPending ? (
        <SkeletonCards label={t('common.loading')} count={2} />
      ) : guidance.isError ? (
        <LoadFailed query={guidance} />
      ) : (
        <div className="care-section">
          <h2 className="page-title">{pick(guidance.data.name, lang)}</h2>
          <Warnings view={guidance.data} />
          {guidance.data.kind === 'medicine' ? (
            <section className="card care-section" aria-labelledby="care-for-whom">
              <h2 id="care-for-whom" className="section-title">
                {t('care.guidance.forWhom')}
              </h2>
              <div className="care-grid-2">
                <Field label={t('care.guidance.age')}>
                  {({ id }) => (
                    <input
                      className="input"
                      id={id}
                      inputMode="decimal"
                      value={age}
                      onChange={(e) => setAge(e.target.value)}
                    />
                  )}
                </Field>
                <Field label={t('care.guidance.weight')}>
                  {({ id }) => (
                    <input
                      className="input"
                      id={id}
                      inputMode="decimal"
                      value={weight}
                      onChange={(e) => setWeight(e.target.value)}
                    />
                  )}
                </Field>
              </div>
            </section>
          ) : null}
          <Details view={guidance.data} />
          <RedFlags view={guidance.data} />
          <p className="muted">{t('care.guidance.disclaimer')}</p>
        </div>
      )}
    </div>
  );
}

function warningText(w: GuidanceWarning, t: ReturnType<typeof useTranslation>['t'], lang: 'zh' | 'en') {
  return t(`care.guidance.warnings.${w.code}`, {
    ingredient: w.ingredient ? pick(w.ingredient, lang) : '',
    with: w.with ? pick(w.with, lang) : '',
    condition: w.condition ? t(`care.conditions.${w.condition}`) : '',
  });
}

function Warnings({ view }: { view: GuidanceView }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!view.personalised) {
    const age = view.warnings.filter((w) => w.code === 'age');
    return (
      <>
        {age.length ? (
          <div className="care-warnings" role="alert">
            <p>{warningText(age[0] as GuidanceWarning, t, lang)}</p>
          </div>
        ) : null}
        <p className="muted">{t('care.guidance.notPersonal')}</p>
      </>
    );
  }
  if (view.warnings.length === 0) return <p className="care-ok">{t('care.guidance.noWarnings')}</p>;
  return (
    <section className="care-warnings" role="alert" aria-labelledby="care-warnings-title">
      <h2 id="care-warnings-title" className="section-title">
        {t('care.guidance.warningsTitle')}
      </h2>
      <ul>
        {view.warnings.map((w) => (
          <li key={`${w.code}-${w.condition ?? ''}-${w.with?.zh ?? ''}`}>{warningText(w, t, lang)}</li>
        ))}
      </ul>
    </section>
  );
}

function Details({ view }: { view: GuidanceView }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (view.kind !== 'medicine') {
    return (
      <section className="card care-section">
        <p>{view.use ? pick(view.use, lang) : null}</p>
        <p className="muted">{pick(view.label, lang)}</p>
      </section>
    );
  }
  const ask = view.askDoctor;
  const askItems = [
    ...ask.conditions.map((c) => t(`care.conditions.${c}`)),
    ...(ask.pregnancy ? [t('care.guidance.askPregnancy')] : []),
    ...(ask.breastfeeding ? [t('care.guidance.askBreastfeeding')] : []),
    ...(ask.underAgeMonths ? [t('care.guidance.askUnder', { months: ask.underAgeMonths })] : []),
  ];
  return (
    <>
      <section className="card care-section" aria-labelledby="care-ingredients">
        <h2 id="care-ingredients" className="section-title">
          {t('care.guidance.ingredients')}
        </h2>
        <ul className="care-list">
          {view.ingredients.map((i) => (
            <li key={i.id}>
              <span>{pick(i.name, lang)}</span>
              <span className="card-meta">
                {i.herbal
                  ? t('care.guidance.herbal')
                  : i.amount
                    ? t('care.guidance.perUnit', {
                        amount: i.amount,
                        unit: i.unit,
                        per: t(`care.guidance.per.${i.per}`),
                      })
                    : ''}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section className="card care-section" aria-labelledby="care-doses">
        <h2 id="care-doses" className="section-title">
          {t('care.guidance.doses')}
        </h2>
        {view.weightDose ? (
          <p className="care-ok care-dose-fit">
            {t('care.guidance.weightDose', {
              kg: view.weightDose.weightKg,
              mgLow: view.weightDose.mg[0],
              mgHigh: view.weightDose.mg[1],
              mlLow: view.weightDose.ml[0],
              mlHigh: view.weightDose.ml[1],
            })}
          </p>
        ) : null}
        <ul className="care-list">
          {view.doses.map((d) => (
            <li
              key={`${d.ageMinYears}-${d.weightMinKg ?? ''}`}
              className={d.matches ? 'care-dose-fit' : undefined}
            >
              <span>
                {d.ageMaxYears === null
                  ? t('care.guidance.ageFrom', { from: d.ageMinYears })
                  : t('care.guidance.ageBand', { from: d.ageMinYears, to: d.ageMaxYears })}
                {d.weightMinKg
                  ? t('care.guidance.weightBand', { from: d.weightMinKg, to: d.weightMaxKg })
                  : ''}
                <br />
                {pick(d.dose, lang)}
              </span>
              {d.matches ? <Badge tone="ok">{t('care.guidance.fits')}</Badge> : null}
            </li>
          ))}
        </ul>
        <ul className="care-list">
          {view.minIntervalHours ? (
            <li>{t('care.guidance.interval', { hours: view.minIntervalHours })}</li>
          ) : null}
          {view.maxDosesPerDay ? (
            <li>{t('care.guidance.maxPerDay', { count: view.maxDosesPerDay })}</li>
          ) : null}
          {view.maxDaysWithoutDoctor ? (
            <li>{t('care.guidance.maxDays', { days: view.maxDaysWithoutDoctor })}</li>
          ) : null}
        </ul>
      </section>
      {askItems.length || ask.note ? (
        <section className="card care-section" aria-labelledby="care-ask">
          <h2 id="care-ask" className="section-title">
            {t('care.guidance.askDoctor')}
          </h2>
          {askItems.length ? <p>{askItems.join('、')}</p> : null}
          {ask.note ? <p>{pick(ask.note, lang)}</p> : null}
        </section>
      ) : null}
      <section className="card care-section" aria-labelledby="care-label">
        <h2 id="care-label" className="section-title">
          {t('care.guidance.label')}
        </h2>
        <p>{pick(view.label, lang)}</p>
      </section>
    </>
  );
}

function RedFlags({ view }: { view: GuidanceView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const flags = view.redFlags[lang].length ? view.redFlags[lang] : view.redFlags.zh;
  if (!flags.length) return null;
  return (
    <section className="care-red-flags" aria-labelledby="care-red-flags-title">
      <h2 id="care-red-flags-title">{t('care.guidance.redFlagsTitle')}</h2>
      <ul>
        {flags.map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ul>
      <p>
        <a href="tel:120" className="btn btn-danger btn-md">
          {t('care.guidance.call120')}
        </a>
      </p>
    </section>
  );
}
