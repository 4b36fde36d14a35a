import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../../components/ui/state-view.tsx';
import { formatDate } from '../../../lib/format.ts';
import { pick, useLang } from '../../../lib/i18n.ts';
import { useCatalogue } from '../../catalog/index.ts';
import { usePartnerStats } from '../api/get-partner-stats.ts';
import type { PartnerView, RegionalStats } from '../api/types.ts';
import { partnerErrorMessage } from '../partner-errors.ts';
import { RegionName } from './region-name.tsx';

/** 概览: the institution's facts and the figures for its regions. */
export function OverviewSection({ partner }: { partner: PartnerView }) {
  const { t, i18n } = useTranslation();
  const stats = usePartnerStats(partner.id);
  const figuresHeading = useId();

  return (
    <div className="partner-sections">
      <section aria-labelledby={figuresHeading}>
        <h2 id={figuresHeading} className="section-title">
          {t('partner.overview.figures')}
        </h2>
        {stats.isPending ? (
          <SkeletonCards label={t('common.loading')} count={1} />
        ) : stats.isError ? (
          <LoadFailed query={stats} describe={(e) => partnerErrorMessage(e, t)} />
        ) : (
          <Figures stats={stats.data} />
        )}
      </section>
      <section className="card" aria-label={t('partner.overview.facts')}>
        <dl className="partner-facts">
          <div>
            <dt>{t('partner.overview.regions')}</dt>
            <dd>
              <ul>
                {partner.regionCodes.map((code) => (
                  <li key={code}>
                    <RegionName code={code} />
                  </li>
                ))}
              </ul>
            </dd>
          </div>
          <div>
            <dt>{t('partner.overview.contact')}</dt>
            <dd>
              {partner.contactNameMasked} <span className="tabular">{partner.contactPhoneMasked}</span>
            </dd>
          </div>
          <div>
            <dt>{t('partner.overview.applied')}</dt>
            <dd>{formatDate(partner.createdAt, i18n.language)}</dd>
          </div>
          <div>
            <dt>{t('partner.overview.partnerId')}</dt>
            <dd>
              <code>{partner.id}</code>
            </dd>
          </div>
        </dl>
      </section>
    </div>
  );
}

function Figures({ stats }: { stats: RegionalStats }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const catalogue = useCatalogue();
  const n = (v: number) => v.toLocaleString(i18n.language);
  const top = Math.max(1, ...stats.byDistrict.map((d) => Math.max(d.openNeeds, d.openOffers)));
  const totals = [
    { key: 'openNeeds', value: stats.openNeeds, tone: 'need' },
    { key: 'openOffers', value: stats.openOffers, tone: 'offer' },
    { key: 'resolved7d', value: stats.resolvedLast7Days, tone: 'ok' },
  ] as const;

  return (
    <div className="partner-figures">
      <dl className="partner-totals">
        {totals.map((x) => (
          <div key={x.key} className={`partner-total total-${x.tone}`}>
            <dt>{t(`partner.overview.${x.key}`)}</dt>
            <dd>{n(x.value)}</dd>
          </div>
        ))}
      </dl>
      <figure className="card">
        <figcaption className="section-title">{t('partner.overview.byDistrict')}</figcaption>
        {stats.byDistrict.length === 0 ? (
          <p className="muted">{t('partner.overview.tooFew')}</p>
        ) : (
          <table className="district-table">
            <thead>
              <tr>
                <th scope="col">{t('partner.overview.district')}</th>
                <th scope="col">{t('partner.overview.needsOffers')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.byDistrict.map((d) => (
                <tr key={d.districtCode}>
                  <th scope="row">{d.district}</th>
                  <td>
                    <span className="bar-row">
                      <span className="bar bar-need" style={{ width: `${(d.openNeeds / top) * 100}%` }} />
                      <span className="bar-value">
                        {t('partner.overview.needsN', { count: d.openNeeds })}
                      </span>
                    </span>
                    <span className="bar-row">
                      <span className="bar bar-offer" style={{ width: `${(d.openOffers / top) * 100}%` }} />
                      <span className="bar-value">
                        {t('partner.overview.offersN', { count: d.openOffers })}
                      </span>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </figure>
      <figure className="card">
        <figcaption className="section-title">{t('partner.overview.topNeeded')}</figcaption>
        {stats.topMedicinesNeeded.length === 0 ? (
          <p className="muted">{t('partner.overview.tooFew')}</p>
        ) : (
          <ol className="top-list">
            {stats.topMedicinesNeeded.map((m) => {
              const medicine = catalogue.byId.get(m.medicineId);
              return (
                <li key={m.medicineId}>
                  <span>{medicine ? pick(medicine.name, lang) : m.medicineId}</span>
                  <span className="tabular">{n(m.count)}</span>
                </li>
              );
            })}
          </ol>
        )}
      </figure>
      <p className="card link-visits">
        {t('partner.overview.linkVisits', {
          today: n(stats.linkVisits.today),
          week: n(stats.linkVisits.last7Days),
        })}
      </p>
      <p className="fine-print">{t('partner.overview.suppressed', { n: stats.minCount })}</p>
    </div>
  );
}
