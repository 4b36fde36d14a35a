import type { MedicineView } from '@medrelay/contracts';
import { describe, expect, test } from 'vitest';
import { ApiError } from '../../lib/api-client.ts';
import {
  type Draft,
  emptyDraft,
  firstErrorField,
  formField,
  serverErrors,
  toBody,
  validateDraft,
} from './form-state.ts';

const ibuprofen = { id: 'ibuprofen-tablet', caps: { need: 12, offer: 24 } } as MedicineView;
const catalogue = new Map([[ibuprofen.id, ibuprofen]]);
const place = { mode: 'gps' as const, point: { lat: 22.5329, lng: 113.9305 }, accuracyM: 20 };
const need = (p: Partial<Draft> = {}): Draft => ({
  ...emptyDraft('need'),
  items: [{ medicineId: 'ibuprofen-tablet', quantity: 4, expiresOn: '', unopened: true }],
  place,
  ...p,
});

describe('the post form draft', () => {
  test('a complete need is valid and becomes the API body', () => {
    expect(validateDraft(need(), catalogue, '2026-11-26')).toEqual({});
    expect(toBody(need({ note: '  可自取 ', consent: true }))).toEqual({
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 4 }],
      location: { lat: 22.5329, lng: 113.9305, coordSystem: 'wgs84' },
      note: '可自取',
      forWhom: 'self',
      flags: [],
      contactMode: 'phone',
      consent: true,
    });
  });

  test('an offer needs a future expiry date per item', () => {
    const offer = (expiresOn: string) =>
      need({
        kind: 'offer',
        items: [{ medicineId: 'ibuprofen-tablet', quantity: 2, expiresOn, unopened: true }],
      });
    expect(validateDraft(offer(''), catalogue, '2026-11-26')).toEqual({
      'items[0].expiresOn': { key: 'errors.expiry_required' },
    });
    expect(validateDraft(offer('2026-11-26'), catalogue, '2026-11-26')).toEqual({
      'items[0].expiresOn': { key: 'errors.expiry_in_past' },
    });
    expect(toBody(offer('2027-06-30')).items).toEqual([
      { medicineId: 'ibuprofen-tablet', quantity: 2, expiresOn: '2027-06-30', unopened: true },
    ]);
  });

  test('caps, a missing place and a bad phone are caught before the round trip', () => {
    const errors = validateDraft(
      need({
        items: [{ medicineId: 'ibuprofen-tablet', quantity: 13, expiresOn: '', unopened: true }],
        place: undefined,
        contactPhone: '12345',
      }),
      catalogue,
      '2026-11-26',
    );
    expect(errors).toEqual({
      'items[0].quantity': { key: 'errors.quantity_over_cap', params: { cap: 12 } },
      location: { key: 'form.errors.noLocation' },
      contactPhone: { key: 'form.errors.phoneInvalid' },
    });
    expect(firstErrorField(errors)).toBe('items[0].quantity');
  });

  test('a post by messages only sends no phone; a region post sends its code', () => {
    const body = toBody(
      need({
        contactMode: 'relay',
        contactPhone: '13800138000',
        place: { mode: 'region', regionCode: '440305', point: { lat: 22.53, lng: 113.93 } },
      }),
    );
    expect(body.contactPhone).toBeUndefined();
    expect(body.contactMode).toBe('relay');
    expect(body.regionCode).toBe('440305');
  });

  test("the server's field names map onto the form's sections", () => {
    expect(formField('location.lat')).toBe('location');
    expect(formField('regionCode')).toBe('location');
    expect(formField('items[2].quantity')).toBe('items[2].quantity');
    expect(formField('items[1]')).toBe('items[1].medicineId');
    expect(
      serverErrors(new ApiError(400, 'quantity_over_cap', { field: 'items[0].quantity', cap: 6 })),
    ).toEqual({
      'items[0].quantity': {
        key: 'errors.quantity_over_cap',
        params: { field: 'items[0].quantity', cap: 6 },
      },
    });
    expect(
      serverErrors(
        new ApiError(400, 'validation_failed', { issues: [{ field: 'note' }, { field: 'location.lng' }] }),
      ),
    ).toEqual({ note: { key: 'form.errors.invalid' }, location: { key: 'form.errors.invalid' } });
    expect(serverErrors(new ApiError(409, 'quota_open_posts', { kind: 'need', limit: 3 }))).toEqual({
      form: { key: 'errors.quota_open_posts', params: { kind: 'need', limit: 3 } },
    });
  });
});
