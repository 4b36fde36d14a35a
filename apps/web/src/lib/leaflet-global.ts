import L from 'leaflet';

// leaflet.markercluster is a UMD script that extends the global `L`; it must exist before that
// module is evaluated, so this module is imported first.
(window as unknown as { L: typeof L }).L = L;

export { L };
