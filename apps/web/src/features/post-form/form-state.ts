import type { CreatePostBody, ForWhom, Kind, MedicineView, VulnerableFlag } from '@medrelay/contracts';
import {
  type CONTACT_MODES,
  isMainlandMobile,
  NOTE_MAX_LENGTH,
  normalizePhone,
} from '@medrelay/contracts/rules';
import { ApiError } from '../../lib/api-client.ts';
import type { LatLng } from '../../lib/coordinates.ts';

export interface DraftItem {
  medicineId: string;
  quantity: number;
  expiresOn: string;
  unopened: boolean;
}

export type Place =
  | { mode: 'gps'; point: LatLng; accuracyM: number }
  | { mode: 'map'; point: LatLng }
  | { mode: 'region'; point: LatLng; regionCode: string };

export interface Draft {
  kind: Kind;
  items: DraftItem[];
  place: Place | undefined;
  forWhom: ForWhom;
  flags: VulnerableFlag[];
  note: string;
  contactMode: (typeof CONTACT_MODES)[number];
  contactPhone: string;
  /** Consent to process location and phone, asked with the first post (PIPL: explicit, separate). */
  consent: boolean;
  /** 传递下去: the resolved need whose leftovers this offer passes on. */
  relayedFrom?: string;
}

/**
 * What the post page hands the form (as router state) when a resolved need's owner passes on what is
 * left: the need and its items, to become an offer.
 */
export interface PassOnState {
  passOn: { from: string; items: { medicineId: string; quantity: number }[] };
}

export const passOnDraft = ({ passOn }: PassOnState): Draft => ({
  ...emptyDraft('offer'),
  items: passOn.items.map((i) => ({
    medicineId: i.medicineId,
    quantity: i.quantity,
    expiresOn: '',
    unopened: false,
  })),
  relayedFrom: passOn.from,
});

export const emptyDraft = (kind: Kind): Draft => ({
  kind,
  items: [],
  place: undefined,
  forWhom: 'self',
  flags: [],
  note: '',
  contactMode: 'phone',
  contactPhone: '',
  consent: false,
});

/** A message key and its parameters, keyed by the field path the server also uses (items[0].quantity). */
export type FieldErrors = Record<string, { key: string; params?: Record<string, unknown> }>;

/**
 * The server's rules, checked before the round trip so most mistakes are caught at once. The server
 * stays the authority: its answer is mapped onto the same fields (see serverErrors).
 */
export function validateDraft(
  draft: Draft,
  catalogue: Map<string, MedicineView>,
  today: string,
): FieldErrors {
  const errors: FieldErrors = {};
  if (draft.items.length === 0) errors.items = { key: 'form.errors.noItems' };
  draft.items.forEach((item, i) => {
    const med = catalogue.get(item.medicineId);
    const cap = med?.caps[draft.kind];
    if (cap !== undefined && item.quantity > cap) {
      errors[`items[${i}].quantity`] = { key: 'errors.quantity_over_cap', params: { cap } };
    }
    if (item.quantity < 1) errors[`items[${i}].quantity`] = { key: 'form.errors.quantityMin' };
    if (draft.kind === 'offer') {
      if (!item.expiresOn) errors[`items[${i}].expiresOn`] = { key: 'errors.expiry_required' };
      else if (item.expiresOn <= today) errors[`items[${i}].expiresOn`] = { key: 'errors.expiry_in_past' };
    }
  });
  if (!draft.place) errors.location = { key: 'form.errors.noLocation' };
  if (draft.note.trim().length > NOTE_MAX_LENGTH)
    errors.note = { key: 'form.errors.noteTooLong', params: { max: NOTE_MAX_LENGTH } };
  if (draft.contactMode === 'phone' && draft.contactPhone.trim() && !isMainlandMobile(draft.contactPhone)) {
    errors.contactPhone = { key: 'form.errors.phoneInvalid' };
  }
  return errors;
}

export function toBody(draft: Draft): CreatePostBody {
  if (!draft.place) throw new Error('toBody needs a place');
  const note = draft.note.trim();
  const phone = normalizePhone(draft.contactPhone);
  return {
    kind: draft.kind,
    items: draft.items.map((i) =>
      draft.kind === 'offer'
        ? { medicineId: i.medicineId, quantity: i.quantity, expiresOn: i.expiresOn, unopened: i.unopened }
        : { medicineId: i.medicineId, quantity: i.quantity },
    ),
    location: {
      lat: Number(draft.place.point.lat.toFixed(6)),
      lng: Number(draft.place.point.lng.toFixed(6)),
      coordSystem: 'wgs84',
    },
    ...(draft.place.mode === 'region' ? { regionCode: draft.place.regionCode } : {}),
    ...(note ? { note } : {}),
    forWhom: draft.forWhom,
    flags: draft.flags,
    contactMode: draft.contactMode,
    ...(phone && draft.contactMode === 'phone' ? { contactPhone: phone } : {}),
    ...(draft.consent ? { consent: true as const } : {}),
    ...(draft.relayedFrom && draft.kind === 'offer' ? { relayedFrom: draft.relayedFrom } : {}),
  };
}

/** Which part of the form a server field belongs to: location.lat and regionCode are both "location". */
export function formField(serverField: string): string {
  if (serverField.startsWith('location') || serverField === 'regionCode') return 'location';
  const item = /^items\[(\d+)\](?:\.(\w+))?/.exec(serverField);
  if (item) return `items[${item[1]}].${item[2] ?? 'medicineId'}`;
  return serverField;
}

/** The server's answer as field errors; anything without a field goes under "form". */
export function serverErrors(err: unknown): FieldErrors {
  if (!(err instanceof ApiError)) return { form: { key: 'errors.network_error' } };
  const out: FieldErrors = {};
  const issues = Array.isArray(err.details.issues)
    ? (err.details.issues as { field?: unknown }[]).filter(
        (i): i is { field: string } => typeof i.field === 'string',
      )
    : [];
  const params = { ...err.details };
  if (err.code === 'validation_failed' && issues.length) {
    for (const issue of issues) out[formField(issue.field)] ??= { key: 'form.errors.invalid' };
  } else if (err.field && err.field !== 'Idempotency-Key') {
    out[formField(err.field)] = { key: `errors.${err.code}`, params };
  } else {
    out.form = { key: `errors.${err.code}`, params };
  }
  return out;
}

/** The first field with an error, in the order the form shows them: where focus should go. */
export function firstErrorField(errors: FieldErrors): string | undefined {
  const order = (f: string) =>
    f === 'form'
      ? 0
      : f.startsWith('items')
        ? 1
        : f === 'location'
          ? 2
          : f === 'note'
            ? 4
            : f === 'contactPhone'
              ? 5
              : 3;
  return Object.keys(errors).sort((a, b) => order(a) - order(b) || a.localeCompare(b))[0];
}
