// The map's door for other features: the pane beside the square's list on a wide screen.
// Import it lazily (it carries Leaflet); the map screen itself is the router's.

export { default as SquareMapPane } from './square-map-pane.tsx';
