export type { CatalogEntry } from './catalog.data.ts';
export { readCatalog } from './catalog.data.ts';
export { catalogRoutes } from './catalog.routes.ts';
export { type Catalog, createCatalog, syncCatalog } from './catalog.service.ts';
