export { getRegions, useRegions } from './api/get-regions.ts';
export { RegionPicker, useRegion, useRegionLabel } from './components/region-picker.tsx';
export { type RegionPath, regionPath } from './region-code.ts';
