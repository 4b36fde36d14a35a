import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconFilter } from '../../../components/ui/icons.tsx';
import { Segmented } from '../../../components/ui/segmented.tsx';
import { pick, useLang } from '../../../lib/i18n.ts';
import { useCatalogue } from '../../catalog/index.ts';
import { useRegionLabel } from '../../regions/index.ts';
import { activeFilterCount, type SquareFilters } from '../square-filters.ts';
import { FilterPanel } from './filter-panel.tsx';
import '../square.css';

interface SquareToolbarProps {
  filters: SquareFilters;
  update: (patch: Partial<SquareFilters>) => void;
  /** The element the kind tabs switch (the list or the map). */
  panelId: string;
}

/**
 * Kind tabs, sort and filters in one row a thumb can reach: the same controls over the list and the
 * map. Posting and the list/map switch live once, in the tab bar.
 */
export function SquareToolbar({ filters, update, panelId }: SquareToolbarProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const [open, setOpen] = useState(false);
  const panel = useId();
  const catalogue = useCatalogue();
  const regionLabel = useRegionLabel(filters.region);
  const count = activeFilterCount(filters);
  const medicine = filters.medicineId ? catalogue.byId.get(filters.medicineId) : undefined;

  const chips: { key: string; label: string; clear: Partial<SquareFilters> }[] = [];
  if (filters.medicineId)
    chips.push({
      key: 'medicine',
      label: medicine ? pick(medicine.name, lang) : filters.medicineId,
      clear: { medicineId: undefined },
    });
  if (filters.category) {
    const c = catalogue.categories.find((x) => x.id === filters.category);
    chips.push({
      key: 'category',
      label: c ? pick(c.name, lang) : filters.category,
      clear: { category: undefined },
    });
  }
  if (filters.region)
    chips.push({ key: 'region', label: regionLabel ?? filters.region, clear: { region: undefined } });
  if (filters.radiusKm)
    chips.push({
      key: 'radius',
      label: t('filters.withinKm', { km: filters.radiusKm }),
      clear: { radiusKm: undefined },
    });
  for (const f of filters.flags)
    chips.push({ key: f, label: t(`flags.${f}`), clear: { flags: filters.flags.filter((x) => x !== f) } });

  return (
    <div className="toolbar">
      <div className="toolbar-row">
        <Segmented
          as="tabs"
          className="kind-tabs"
          label={t('square.kindLabel')}
          controls={panelId}
          value={filters.kind}
          onChange={(kind) => update({ kind })}
          options={[
            { value: 'need', label: t('square.tabNeed') },
            { value: 'offer', label: t('square.tabOffer') },
          ]}
        />
        <Segmented
          className="sort-toggle"
          label={t('square.sortLabel')}
          value={filters.sort}
          onChange={(sort) => update({ sort })}
          options={[
            { value: 'time', label: t('square.sortTime') },
            { value: 'distance', label: t('square.sortDistance') },
          ]}
        />
        <button
          type="button"
          className={`btn btn-secondary btn-md filter-toggle${count ? ' has-filters' : ''}`}
          aria-expanded={open}
          aria-controls={open ? panel : undefined}
          onClick={() => setOpen((o) => !o)}
        >
          <IconFilter />
          <span className="filter-toggle-text">{t('filters.button')}</span>
          {count ? (
            // Read as "筛选（2）"; seen as a badge.
            <>
              <span className="visually-hidden">{`（${count}）`}</span>
              <span className="filter-count" aria-hidden="true">
                {count}
              </span>
            </>
          ) : null}
        </button>
      </div>
      {chips.length ? (
        <ul className="chips active-filters" aria-label={t('filters.active')}>
          {chips.map((c) => (
            <li key={c.key}>
              <button
                type="button"
                className="chip-remove"
                onClick={() => update(c.clear)}
                aria-label={t('filters.remove', { label: c.label })}
              >
                {c.label}
                <span aria-hidden="true"> ×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {open ? (
        <FilterPanel id={panel} filters={filters} update={update} onClose={() => setOpen(false)} />
      ) : null}
    </div>
  );
}
