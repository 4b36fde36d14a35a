// The pharmacies' door: pieces other screens mount (the partner page, the map, a need's page).
export { PharmacyApplyHint } from './components/apply-hint.tsx';
export { NearbyStock } from './components/nearby-stock.tsx';
export { PharmacyMapLayer } from './components/pharmacy-map-layer.tsx';
export { PharmacyWorkspace } from './components/pharmacy-workspace.tsx';
