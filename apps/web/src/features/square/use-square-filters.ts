import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { filtersToParams, parseFilters, type SquareFilters } from './square-filters.ts';
import { useDefaultSort } from './use-default-sort.ts';

/**
 * The filters from the URL, and a setter that rewrites the URL (replace: the back button leaves the
 * square). `settled` is false while the default order (nearest-first when the position is granted)
 * is still being found out. The map opts out: its overview is the country, not the nearest 10 km.
 */
export function useSquareFilters({
  nearestByDefault = true,
} = {}): [SquareFilters, (patch: Partial<SquareFilters>) => void, boolean] {
  const [params, setParams] = useSearchParams();
  const preferred = useDefaultSort();
  const { sort: defaultSort, settled } = nearestByDefault
    ? preferred
    : { sort: 'time' as const, settled: true };
  const filters = useMemo(() => parseFilters(params, defaultSort), [params, defaultSort]);
  const update = useCallback(
    (patch: Partial<SquareFilters>) => {
      setParams((prev) => filtersToParams({ ...parseFilters(prev, defaultSort), ...patch }), {
        replace: true,
      });
    },
    [setParams, defaultSort],
  );
  return [filters, update, settled || params.has('sort')];
}
