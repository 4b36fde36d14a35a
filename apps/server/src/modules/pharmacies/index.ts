export { createOrderServices } from './delivery/order-services.ts';
export { pharmacyOrdersRoutes } from './delivery/orders.routes.ts';
export { creditCheckCharacter } from './licences.ts';
export { pharmaciesRoutes } from './pharmacies.routes.ts';
export { pharmacyApiRoutes } from './pharmacy-api.routes.ts';
export { createPharmacyServices, type PharmacyServices } from './pharmacy-services.ts';
export { pharmacyStaff } from './pharmacy-staff.ts';
export { pharmacyWorkspaceRoutes } from './pharmacy-workspace.routes.ts';
