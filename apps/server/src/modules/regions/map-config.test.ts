import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../platform/config.ts';
import { type TestApp, testApp } from '../../testing/test-app.ts';
import { tileProviderFrom } from './map-tiles.ts';

// Issue 16, item 4: OpenStreetMap loads poorly in mainland China; whoever runs the server picks a
// domestic GCJ-02 provider at run time, and the web app reads it from GET /api/v1/map-config.

const AUTONAVI =
  'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}';
const tiles = (env: Record<string, string>) => tileProviderFrom(loadConfig({ DATA_DIR: '/tmp', ...env }));
let t: TestApp;
beforeAll(async () => {
  t = await testApp({
    deps: {
      mapTiles: tiles({
        MAP_TILE_URL: AUTONAVI,
        MAP_TILE_COORD: 'gcj02',
        MAP_TILE_ATTRIBUTION: '&copy; 高德地图',
        MAP_TILE_SUBDOMAINS: '1234',
      }),
    },
  });
});
afterAll(() => t.close());

/** GET /api/v1/map-config from a server process started with other settings on the same database. */
async function configOf(env: Record<string, string>) {
  const other = await t.anotherApp({ mapTiles: tiles(env) });
  try {
    return (await other.app.inject({ method: 'GET', url: '/api/v1/map-config' })).json();
  } finally {
    await other.app.close();
  }
}

describe('the map tile provider at run time', () => {
  test('a configured GCJ-02 provider is served to the web app, publicly and cacheable', async () => {
    const res = await t.as.anonymous().get('/api/v1/map-config');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.json()).toEqual({
      tiles: { url: AUTONAVI, coordSystem: 'gcj02', attribution: '&copy; 高德地图', subdomains: '1234' },
    });
  });

  test('"off" turns tiles off; unset leaves the web app its default', async () => {
    expect(await configOf({ MAP_TILE_URL: 'off' })).toEqual({ tiles: null });
    expect(await configOf({})).toEqual({});
  });

  test('a tile URL that is not an http(s) template with {z}, {x} and {y} stops the start-up', () => {
    for (const bad of [
      'tiles.example.cn/{z}/{x}/{y}.png',
      'https://tiles.example.cn/map.png',
      'javascript:alert(1)',
    ]) {
      expect(() => loadConfig({ DATA_DIR: '/tmp', MAP_TILE_URL: bad }), bad).toThrow(/MAP_TILE_URL/);
    }
    expect(() => loadConfig({ DATA_DIR: '/tmp', MAP_TILE_COORD: 'bd09' })).toThrow(/MAP_TILE_COORD/);
  });
});
