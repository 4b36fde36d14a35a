import { useRegionLabel } from '../../regions/index.ts';

/** "广东省 深圳市 南山区" for a code, once the region lists are cached; the code until then. */
export function RegionName({ code }: { code: string }) {
  return <>{useRegionLabel(code) ?? code}</>;
}
