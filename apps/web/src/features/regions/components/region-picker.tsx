import type { RegionView } from '@medrelay/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegions } from '../api/get-regions.ts';
import { regionPath } from '../region-code.ts';
import '../regions.css';

interface RegionPickerProps {
  value: string | undefined;
  onChange: (code: string | undefined, region: RegionView | undefined) => void;
  /** Error text shown under the picker. */
  error?: string;
  legend: string;
}

/** Province → city → district as three native selects: the phone's own picker, accessible for free. */
export function RegionPicker({ value, onChange, error, legend }: RegionPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const path = regionPath(value);
  const provinces = useRegions(undefined);
  const cities = useRegions(path.province, Boolean(path.province));
  const districts = useRegions(path.city, Boolean(path.city));
  const districtItems = districts.data?.items ?? [];

  const find = (list: RegionView[] | undefined, code: string) => list?.find((r) => r.code === code);
  const select = (level: 'province' | 'city' | 'district', code: string, parentCode: string | undefined) => {
    if (!code) {
      const parent =
        level === 'district'
          ? find(cities.data?.items, parentCode ?? '')
          : level === 'city'
            ? find(provinces.data?.items, parentCode ?? '')
            : undefined;
      onChange(parentCode, parent);
      return;
    }
    const list =
      level === 'province' ? provinces.data?.items : level === 'city' ? cities.data?.items : districtItems;
    onChange(code, find(list, code));
  };

  return (
    <fieldset className="region-picker" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field-label">{legend}</legend>
      <div className="region-selects">
        <label className="visually-hidden" htmlFor={`${id}-p`}>
          {t('region.province')}
        </label>
        <select
          id={`${id}-p`}
          className="select"
          value={path.province ?? ''}
          onChange={(e) => select('province', e.target.value, undefined)}
        >
          <option value="">{t('region.anyProvince')}</option>
          {provinces.data?.items.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor={`${id}-c`}>
          {t('region.city')}
        </label>
        <select
          id={`${id}-c`}
          className="select"
          value={path.city ?? ''}
          disabled={!path.province}
          onChange={(e) => select('city', e.target.value, path.province)}
        >
          <option value="">{t('region.anyCity')}</option>
          {cities.data?.items.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor={`${id}-d`}>
          {t('region.district')}
        </label>
        <select
          id={`${id}-d`}
          className="select"
          value={path.district ?? ''}
          disabled={!path.city || (districts.isSuccess && districtItems.length === 0)}
          onChange={(e) => select('district', e.target.value, path.city)}
        >
          <option value="">
            {districts.isSuccess && districtItems.length === 0
              ? t('region.noDistricts')
              : t('region.anyDistrict')}
          </option>
          {districtItems.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** "广东省 深圳市 南山区" for a code, from the cached region lists. */
export function useRegionLabel(code: string | undefined): string | undefined {
  const path = regionPath(code);
  const provinces = useRegions(undefined, Boolean(code));
  const cities = useRegions(path.province, Boolean(path.city));
  const districts = useRegions(path.city, Boolean(path.district));
  if (!code) return undefined;
  const names = [
    provinces.data?.items.find((r) => r.code === path.province)?.name,
    path.city ? cities.data?.items.find((r) => r.code === path.city)?.name : undefined,
    path.district ? districts.data?.items.find((r) => r.code === path.district)?.name : undefined,
  ].filter(Boolean);
  return names.length ? names.join(' ') : code;
}

/** The region's own record (with its centre), for placing a post "by region". */
export function useRegion(code: string | undefined): RegionView | undefined {
  const path = regionPath(code);
  const parent = path.district ? path.city : path.city ? path.province : undefined;
  const list = useRegions(parent, Boolean(code));
  return list.data?.items.find((r) => r.code === code);
}
