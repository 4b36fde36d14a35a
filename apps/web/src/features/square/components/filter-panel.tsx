import type { VulnerableFlag } from '@medrelay/contracts';
import { FEED_DEFAULT_RADIUS_KM, RADIUS_CHOICES_KM, VULNERABLE_FLAGS } from '@medrelay/contracts/rules';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { pick, useLang } from '../../../lib/i18n.ts';
import { MedicineSearch, useCatalogue } from '../../catalog/index.ts';
import { RegionPicker } from '../../regions/index.ts';
import type { SquareFilters } from '../square-filters.ts';

interface FilterPanelProps {
  id: string;
  filters: SquareFilters;
  update: (patch: Partial<SquareFilters>) => void;
  onClose: () => void;
}

export function FilterPanel({ id, filters, update, onClose }: FilterPanelProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const catalogue = useCatalogue();
  const categoryId = useId();
  const radiusId = useId();
  const toggleFlag = (flag: VulnerableFlag) =>
    update({
      flags: filters.flags.includes(flag)
        ? filters.flags.filter((f) => f !== flag)
        : [...filters.flags, flag],
    });
  const chosen = filters.medicineId ? catalogue.byId.get(filters.medicineId) : undefined;
  const nearest = filters.sort === 'distance';

  return (
    <section id={id} className="filter-panel card" aria-label={t('filters.title')}>
      {chosen ? (
        <div className="field">
          <p className="field-label">{t('filters.item')}</p>
          <p className="chosen-item">
            <span>{pick(chosen.name, lang)}</span>
            <Button size="sm" variant="ghost" onClick={() => update({ medicineId: undefined })}>
              {t('filters.clearItem')}
            </Button>
          </p>
        </div>
      ) : (
        <MedicineSearch
          label={t('filters.item')}
          category={filters.category}
          onSelect={(m) => update({ medicineId: m.id })}
        />
      )}
      <div className="field">
        <label className="field-label" htmlFor={categoryId}>
          {t('filters.category')}
        </label>
        <select
          id={categoryId}
          className="select"
          value={filters.category ?? ''}
          onChange={(e) => update({ category: e.target.value || undefined })}
        >
          <option value="">{t('filters.anyCategory')}</option>
          {catalogue.categories.map((c) => (
            <option key={c.id} value={c.id}>
              {pick(c.name, lang)}
            </option>
          ))}
        </select>
      </div>
      <RegionPicker
        legend={t('filters.region')}
        value={filters.region}
        onChange={(code) => update({ region: code })}
      />
      <div className="field">
        <label className="field-label" htmlFor={radiusId}>
          {t('filters.radius')}
        </label>
        <select
          id={radiusId}
          className="select"
          value={nearest ? (filters.radiusKm ?? FEED_DEFAULT_RADIUS_KM) : (filters.radiusKm ?? '')}
          onChange={(e) => update({ radiusKm: e.target.value ? Number(e.target.value) : undefined })}
          aria-describedby={`${radiusId}-hint`}
        >
          {/* Nearest-first always has a radius; offering "any" there would be a promise the feed does not keep. */}
          {nearest ? null : <option value="">{t('filters.anyRadius')}</option>}
          {RADIUS_CHOICES_KM.map((km) => (
            <option key={km} value={km}>
              {t('filters.withinKm', { km })}
            </option>
          ))}
        </select>
        <p className="field-hint" id={`${radiusId}-hint`}>
          {t(nearest ? 'filters.radiusHintNearest' : 'filters.radiusHint')}
        </p>
      </div>
      <fieldset className="field">
        <legend className="field-label">{t('filters.flags')}</legend>
        <div className="checks">
          {VULNERABLE_FLAGS.map((flag) => (
            <label key={flag} className="check">
              <input
                type="checkbox"
                checked={filters.flags.includes(flag)}
                onChange={() => toggleFlag(flag)}
              />
              <span>{t(`flags.${flag}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="actions">
        <Button
          variant="ghost"
          onClick={() =>
            update({
              medicineId: undefined,
              category: undefined,
              region: undefined,
              radiusKm: undefined,
              flags: [],
            })
          }
        >
          {t('filters.clearAll')}
        </Button>
        <Button variant="primary" onClick={onClose}>
          {t('filters.done')}
        </Button>
      </div>
    </section>
  );
}
