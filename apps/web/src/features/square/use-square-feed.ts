import { useEffect, useMemo } from 'react';
import { locate, positionOf, useMyLocation } from '../../lib/geolocation.ts';
import { useFeed } from './api/get-posts.ts';
import { feedQuery, needsPosition, type SquareFilters } from './square-filters.ts';

/**
 * The feed for the filters, asking for the position when nearest-first or a radius needs it. While the
 * browser is asked, nothing is fetched (so the list does not jump from newest to nearest).
 */
export function useSquareFeed(filters: SquareFilters, limit = 20, settled = true) {
  const location = useMyLocation();
  const position = positionOf(location);
  const wantsPosition = needsPosition(filters);
  useEffect(() => {
    if (settled && wantsPosition && location.status === 'idle') void locate();
  }, [settled, wantsPosition, location.status]);
  const waiting =
    !settled || (wantsPosition && (location.status === 'idle' || location.status === 'locating'));
  const query = useMemo(() => feedQuery(filters, position, limit), [filters, position, limit]);
  const feed = useFeed(query, !waiting);
  return { feed, query, location, position, waiting, wantsPosition };
}
