/**
 * GB/T 2260 codes carry their ancestry: 440305 is in city 440300, in province 440000. The pseudo-cities
 * for province-administered counties (429000 …) follow the same pattern, so the picker can be preset
 * from any one code without asking the server.
 */
export interface RegionPath {
  province?: string;
  city?: string;
  district?: string;
}

export function regionPath(code: string | undefined): RegionPath {
  if (!code || !/^\d{6}$/.test(code)) return {};
  const province = `${code.slice(0, 2)}0000`;
  if (code === province) return { province };
  const city = `${code.slice(0, 4)}00`;
  if (code === city) return { province, city };
  return { province, city, district: code };
}
