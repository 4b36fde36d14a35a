import { isMainlandMobile, normalizePhone } from '@medrelay/contracts/rules';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError, PhoneInput } from '../../../components/ui/field.tsx';
import { fieldErrors } from '../../../lib/errors.ts';
import { RegionPicker } from '../../regions/index.ts';
import { useApplyPartner } from '../api/apply-partner.ts';
import { ORIGIN, PARTNER_TYPES, type PartnerType, type PartnerView } from '../api/types.ts';
import { partnerErrorMessage } from '../partner-errors.ts';
import { RegionName } from './region-name.tsx';

const MAX_REGIONS = 20;
const linesOf = (text: string) =>
  text
    .split(/[\s,，]+/)
    .map((l) => l.trim().replace(/\/$/, ''))
    .filter(Boolean);

type Errors = Partial<
  Record<'name' | 'contactName' | 'contactPhone' | 'regionCodes' | 'allowedOrigins', string>
>;

/** An institution applies: who it is, whom to call, the areas it serves, where it will embed the square. */
export function ApplyForm({ onApplied }: { onApplied: (partner: PartnerView) => void }) {
  const { t } = useTranslation();
  const apply = useApplyPartner();
  const [name, setName] = useState('');
  const [type, setType] = useState<PartnerType>('government');
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [draftRegion, setDraftRegion] = useState<string>();
  const [regions, setRegions] = useState<string[]>([]);
  const [origins, setOrigins] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  const addRegion = () => {
    if (!draftRegion || regions.includes(draftRegion) || regions.length >= MAX_REGIONS) return;
    setRegions([...regions, draftRegion]);
    setDraftRegion(undefined);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A region picked but not yet added is what the person meant to add.
    const regionCodes = draftRegion && !regions.includes(draftRegion) ? [...regions, draftRegion] : regions;
    const allowedOrigins = linesOf(origins);
    const found: Errors = {};
    if (name.trim().length < 2) found.name = t('partner.apply.nameInvalid');
    if (contactName.trim().length < 2) found.contactName = t('partner.apply.contactNameInvalid');
    if (!isMainlandMobile(contactPhone)) found.contactPhone = t('login.phoneInvalid');
    if (regionCodes.length === 0) found.regionCodes = t('partner.apply.regionsRequired');
    const badOrigin = allowedOrigins.find((o) => !ORIGIN.test(o));
    if (badOrigin) found.allowedOrigins = t('partner.origins.invalid', { origin: badOrigin });
    setErrors(found);
    if (Object.keys(found).length) return;
    setRegions(regionCodes);
    setDraftRegion(undefined);
    apply.mutate(
      {
        name: name.trim(),
        type,
        contactName: contactName.trim(),
        contactPhone: normalizePhone(contactPhone),
        regionCodes,
        allowedOrigins,
      },
      {
        onSuccess: onApplied,
        onError: (err) => {
          const byField: Errors = {};
          for (const [field, code] of fieldErrors(err)) {
            const key = field.replace(/\[\d+\].*$/, '') as keyof Errors;
            byField[key] =
              code === 'validation_failed' ? t('errors.validation_failed') : partnerErrorMessage(err, t);
          }
          setErrors(byField);
        },
      },
    );
  };

  return (
    <form className="card apply-form" onSubmit={submit} noValidate>
      <Field label={t('partner.apply.name')} hint={t('partner.apply.nameHint')} error={errors.name}>
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            className="input"
            value={name}
            maxLength={60}
            autoComplete="organization"
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('partner.apply.type')}>
        {({ id }) => (
          <select
            id={id}
            className="select"
            value={type}
            onChange={(e) => setType(e.target.value as PartnerType)}
          >
            {PARTNER_TYPES.map((v) => (
              <option key={v} value={v}>
                {t(`partner.type.${v}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('partner.apply.contactName')} error={errors.contactName}>
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            className="input"
            value={contactName}
            maxLength={30}
            autoComplete="name"
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => setContactName(e.target.value)}
          />
        )}
      </Field>
      <Field
        label={t('partner.apply.contactPhone')}
        hint={t('partner.apply.contactPhoneHint')}
        error={errors.contactPhone}
      >
        {(ids) => <PhoneInput ids={ids} value={contactPhone} onChange={setContactPhone} autoComplete="tel" />}
      </Field>

      <div className="field">
        <RegionPicker
          legend={t('partner.apply.regions')}
          value={draftRegion}
          onChange={(code) => setDraftRegion(code)}
        />
        <p className="field-hint">{t('partner.apply.regionsHint')}</p>
        <div className="actions">
          <Button
            size="sm"
            onClick={addRegion}
            disabled={!draftRegion || regions.includes(draftRegion) || regions.length >= MAX_REGIONS}
          >
            {t('partner.apply.addRegion')}
          </Button>
        </div>
        {regions.length ? (
          <ul className="chips" aria-label={t('partner.apply.chosenRegions')}>
            {regions.map((code) => (
              <li key={code}>
                <button
                  type="button"
                  className="chip-remove"
                  onClick={() => setRegions(regions.filter((c) => c !== code))}
                >
                  <span className="visually-hidden">{t('partner.apply.removeRegion')}</span>
                  <RegionName code={code} /> <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {errors.regionCodes ? <FieldError>{errors.regionCodes}</FieldError> : null}
      </div>

      <Field
        label={t('partner.apply.origins')}
        hint={t('partner.apply.originsHint')}
        error={errors.allowedOrigins}
      >
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            className="input textarea"
            value={origins}
            placeholder="https://www.example.gov.cn"
            spellCheck={false}
            autoCapitalize="off"
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => setOrigins(e.target.value)}
          />
        )}
      </Field>

      {apply.isError && fieldErrors(apply.error).size === 0 ? (
        <FieldError>{partnerErrorMessage(apply.error, t)}</FieldError>
      ) : null}
      <Button type="submit" variant="primary" block busy={apply.isPending}>
        {t('partner.apply.submit')}
      </Button>
    </form>
  );
}
