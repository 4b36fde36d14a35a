import { describe, expect, test } from 'vitest';
import { clusterHtml, clusterPlace, pinLabelHtml } from './map-labels.ts';

const at = (provinceCode: string, province: string, cityCode: string, city: string, district = '') => ({
  region: { provinceCode, province, cityCode, city, districtCode: '', district },
});
const NANSHAN = at('440000', '广东省', '440300', '深圳市', '南山区');
const FUTIAN = at('440000', '广东省', '440300', '深圳市', '福田区');
const GUANGZHOU = at('440000', '广东省', '440100', '广州市', '天河区');
const WUHAN = at('420000', '湖北省', '420100', '武汉市', '江岸区');

describe('map labels', () => {
  test('a cluster within one city is named after the city', () => {
    expect(clusterPlace([NANSHAN, FUTIAN])).toBe('深圳市');
  });

  test('a cluster spanning cities of one province is named after the province, never one city', () => {
    expect(clusterPlace([NANSHAN, NANSHAN, NANSHAN, GUANGZHOU])).toBe('广东省');
  });

  test('a cluster spanning provinces has only its count', () => {
    expect(clusterPlace([NANSHAN, WUHAN])).toBe('');
    expect(clusterHtml(5, '')).toBe('<span>5</span>');
    expect(clusterPlace([])).toBe('');
  });

  test('a pin carries its city and its district, escaped', () => {
    expect(pinLabelHtml(NANSHAN)).toContain('<b class="pin-district">南山区</b>');
    expect(pinLabelHtml(NANSHAN)).toContain('<b class="pin-city">深圳市</b>');
    expect(pinLabelHtml(at('1', 'p', '2', '<x>', ''))).not.toContain('<x>');
  });
});
