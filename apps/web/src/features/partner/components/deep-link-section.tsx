import type { MedicineView } from '@medrelay/contracts';
import { RADIUS_CHOICES_KM } from '@medrelay/contracts/rules';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError } from '../../../components/ui/field.tsx';
import { pick, useLang } from '../../../lib/i18n.ts';
import { MedicineSearch } from '../../catalog/index.ts';
import { RegionPicker } from '../../regions/index.ts';
import { type DeepLinkParams, useDeepLink, useMiniProgramCode } from '../api/deep-link.ts';
import type { PartnerView } from '../api/types.ts';
import { partnerErrorMessage } from '../partner-errors.ts';
import { CopyButton } from './copy-button.tsx';
import { KindChoice } from './kind-choice.tsx';

/** 深度链接: a link into a preset square with the partner's ref, and its QR code for posters. */
export function DeepLinkSection({ partner }: { partner: PartnerView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const heading = useId();
  const [kind, setKind] = useState<'need' | 'offer'>('need');
  const [region, setRegion] = useState<string | undefined>(partner.regionCodes[0]);
  const [medicine, setMedicine] = useState<MedicineView>();
  const [radiusKm, setRadiusKm] = useState<number>();
  const [asked, setAsked] = useState<DeepLinkParams>();
  const link = useDeepLink(partner.id, asked);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAsked({ kind, region, medicineId: medicine?.id, radiusKm });
  };

  return (
    <section aria-labelledby={heading} className="partner-sections">
      <div>
        <h2 id={heading} className="section-title">
          {t('partner.links.title')}
        </h2>
        <p className="muted">{t('partner.links.intro')}</p>
      </div>
      <form className="card" onSubmit={submit}>
        <KindChoice value={kind} onChange={setKind} />
        <div className="field">
          <RegionPicker
            legend={t('partner.links.region')}
            value={region}
            onChange={(code) => setRegion(code)}
          />
        </div>
        <div className="field">
          {medicine ? (
            <>
              <span className="field-label">{t('partner.links.medicine')}</span>
              <div className="actions">
                <span className="badge badge-neutral">{pick(medicine.name, lang)}</span>
                <Button size="sm" variant="ghost" onClick={() => setMedicine(undefined)}>
                  {t('partner.links.anyMedicine')}
                </Button>
              </div>
            </>
          ) : (
            <MedicineSearch
              label={t('partner.links.medicineOptional')}
              onSelect={setMedicine}
              maxResults={5}
            />
          )}
        </div>
        <Field label={t('partner.links.radius')} hint={t('partner.links.radiusHint')}>
          {({ id, describedBy }) => (
            <select
              id={id}
              className="select"
              aria-describedby={describedBy}
              value={radiusKm ?? ''}
              onChange={(e) => setRadiusKm(e.target.value ? Number(e.target.value) : undefined)}
            >
              <option value="">{t('partner.links.anyRadius')}</option>
              {RADIUS_CHOICES_KM.map((km) => (
                <option key={km} value={km}>
                  {t('filters.withinKm', { km })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Button type="submit" variant="primary" block busy={link.isFetching}>
          {t('partner.links.generate')}
        </Button>
        {link.isError ? <FieldError>{partnerErrorMessage(link.error, t)}</FieldError> : null}
      </form>
      <p role="status" className="visually-hidden">
        {link.data ? t('partner.links.ready') : ''}
      </p>
      {link.data ? <LinkResult url={link.data.url} qrSvg={link.data.qrSvg} /> : null}
      {link.data ? <MiniProgramCode partnerId={partner.id} /> : null}
    </section>
  );
}

function LinkResult({ url, qrSvg }: { url: string; qrSvg: string }) {
  const { t } = useTranslation();
  const id = useId();
  const card = useRef<HTMLDivElement>(null);
  // On a phone the result appears below the fold, under the button that made it.
  useEffect(() => {
    void url;
    card.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [url]);
  // An <img> of a data: URL renders the SVG without letting its markup into the page.
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrSvg)}`;
  return (
    <div ref={card} className="card deep-link-result">
      <img className="qr" src={qr} alt={t('partner.links.qrAlt')} width={220} height={220} />
      <div className="deep-link-text">
        <label className="field-label" htmlFor={id}>
          {t('partner.links.url')}
        </label>
        <textarea
          id={id}
          className="input deep-link-url"
          readOnly
          rows={3}
          value={url}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <div className="actions">
          <CopyButton text={url} label={t('partner.links.copy')} />
          <a className="btn btn-ghost btn-sm" href={url} target="_blank" rel="noopener noreferrer">
            {t('partner.links.open')}
          </a>
          <a className="btn btn-ghost btn-sm" href={qr} download="medrelay-qr.svg">
            {t('partner.links.download')}
          </a>
        </div>
      </div>
    </div>
  );
}

/** Where the platform runs a WeChat mini program, the same square as a 小程序码 for posters. */
function MiniProgramCode({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const code = useMiniProgramCode(partnerId, true);
  if (!code.data) return null;
  return (
    <div className="card deep-link-result">
      <img className="qr" src={code.data} alt={t('partner.links.miniProgram')} width={220} height={220} />
      <div className="deep-link-text">
        <p>{t('partner.links.miniProgramHint')}</p>
        <div className="actions">
          <a className="btn btn-ghost btn-sm" href={code.data} download="medrelay-miniprogram-code.png">
            {t('partner.links.miniProgramDownload')}
          </a>
        </div>
      </div>
    </div>
  );
}
