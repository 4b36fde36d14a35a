/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/client" />

interface ImportMetaEnv {
  /** Map tile URL template; empty or "off" means no tiles (markers on a plain background). */
  readonly VITE_TILE_URL?: string;
  /** Coordinate system of the tiles: "wgs84" (OpenStreetMap, default) or "gcj02" (Chinese providers). */
  readonly VITE_TILE_COORD?: string;
  readonly VITE_TILE_ATTRIBUTION?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
