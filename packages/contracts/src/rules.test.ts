import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CreatePostBody, FeedQuery, Phone } from './index.ts';
import {
  FEED_DEFAULT_RADIUS_KM,
  FEED_MAX_RADIUS_KM,
  isMainlandMobile,
  MOBILE_IN_TEXT,
  normalizePhone,
  RADIUS_CHOICES_KM,
} from './rules.ts';

describe('the shared rules', () => {
  test('phones are normalised the same way in every client and in the schemas', () => {
    for (const raw of ['+86 138-1234-5678', '86 13812345678', ' 138 1234 5678 ', '13812345678']) {
      expect(normalizePhone(raw)).toBe('13812345678');
      expect(isMainlandMobile(raw)).toBe(true);
      expect(Phone.parse(raw)).toBe('13812345678');
    }
    for (const raw of ['12812345678', '1381234567', '+1 138 1234 5678', '010-12345678', '']) {
      expect(isMainlandMobile(raw)).toBe(false);
      expect(Phone.safeParse(raw).success).toBe(false);
    }
  });

  test('a phone in a text is found as a token of its own, never inside a UUID or a longer number', () => {
    for (const text of ['{"phone":"13912345678"}', 'tel:+8613912345678', '手机 139 号:13912345678。']) {
      expect(text).toMatch(MOBILE_IN_TEXT);
    }
    // The UUID that once made a privacy assertion fail at random: '18746837809' sits inside it.
    for (const text of [
      '{"pharmacyId":"34ebeab5-387e-4a4c-96be-18746837809f"}',
      '{"id":"a1b2c3d4-0000-4000-8000-413912345678"}',
      'createdAt 1796069546482',
      'lng 0.13912345678',
      '139****5678',
    ]) {
      expect(text).not.toMatch(MOBILE_IN_TEXT);
    }
  });

  test("a post's contact phone follows the same rule and arrives normalised", () => {
    const base = {
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
      location: { lat: 22.5, lng: 113.9 },
    };
    expect(CreatePostBody.parse({ ...base, contactPhone: '+86 139-0000-1111' }).contactPhone).toBe(
      '13900001111',
    );
    expect(CreatePostBody.safeParse({ ...base, contactPhone: '12900001111' }).success).toBe(false);
  });

  test('the radius choices stay within the feed maximum and include the default', () => {
    expect(Math.max(...RADIUS_CHOICES_KM)).toBe(FEED_MAX_RADIUS_KM);
    expect(RADIUS_CHOICES_KM).toContain(FEED_DEFAULT_RADIUS_KM);
    expect(FeedQuery.safeParse({ radiusKm: String(FEED_MAX_RADIUS_KM + 1) }).success).toBe(false);
  });

  test('the rules, error and event-topic modules import nothing, so the web app and the SDK can take them without zod', () => {
    const text = readFileSync(new URL('./rules.ts', import.meta.url), 'utf8');
    expect(text).not.toMatch(/^\s*import\s/m);
    const errors = readFileSync(new URL('./errors.ts', import.meta.url), 'utf8');
    expect(errors).not.toMatch(/^\s*import\s/m);
    const topics = readFileSync(new URL('./event-topics.ts', import.meta.url), 'utf8');
    expect(topics).not.toMatch(/^\s*import\s/m);
  });
});
