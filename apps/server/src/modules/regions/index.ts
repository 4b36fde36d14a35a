export { tileProviderFrom } from './map-tiles.ts';
export { regionsRoutes } from './regions.routes.ts';
export { createRegions, type Placement, type Regions } from './regions.service.ts';
