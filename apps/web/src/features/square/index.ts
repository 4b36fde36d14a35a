// The square's door: the map shows the same query with the same controls and cards.

export { getPosts } from './api/get-posts.ts';
export { DistanceText, PostCard } from './components/post-card.tsx';
export { SquareToolbar } from './components/square-toolbar.tsx';
export { feedQuery, type SquareFilters } from './square-filters.ts';
export { useLiveSquare } from './use-live-square.ts';
export { useSquareFeed } from './use-square-feed.ts';
export { useSquareFilters } from './use-square-filters.ts';
