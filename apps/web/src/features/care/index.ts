// The care feature's door. Its screens are lazy routes (care-route, guidance-route, shares-route,
// follow-up-route) that only the router loads.
export {};
