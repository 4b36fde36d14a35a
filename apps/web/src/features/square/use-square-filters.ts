import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { filtersToParams, parseFilters, type SquareFilters } from './square-filters.ts';

/** The filters from the URL, and a setter that rewrites the URL (replace: the back button leaves the square). */
export function useSquareFilters(): [SquareFilters, (patch: Partial<SquareFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const update = useCallback(
    (patch: Partial<SquareFilters>) => {
      setParams((prev) => filtersToParams({ ...parseFilters(prev), ...patch }), { replace: true });
    },
    [setParams],
  );
  return [filters, update];
}
