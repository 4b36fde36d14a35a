import { ERRORS } from '@medrelay/contracts/errors';
import type { TFunction } from 'i18next';
import { ApiError, NetworkError } from './api-client.ts';

/** "45 秒" / "12 分钟" / "3 小时": a wait the user can picture, from seconds. */
export function waitText(seconds: number, t: TFunction): string {
  if (seconds < 120) return t('units.seconds', { count: Math.max(1, Math.round(seconds)) });
  if (seconds < 2 * 3600) return t('units.minutes', { count: Math.ceil(seconds / 60) });
  return t('units.hours', { count: Math.ceil(seconds / 3600) });
}

/**
 * A user-facing message for any error, translated by the server's stable code. Raw server messages
 * are English and meant for developers; they are never shown.
 */
export function errorMessage(err: unknown, t: TFunction): string {
  if (err instanceof NetworkError) return t('errors.network_error');
  if (err instanceof ApiError) {
    const seconds =
      err.retryAfter ??
      (typeof err.details.retryAfterSeconds === 'number' ? err.details.retryAfterSeconds : undefined);
    const params: Record<string, unknown> = {
      ...err.details,
      seconds,
      wait: seconds ? waitText(seconds, t) : '',
    };
    return t(`errors.${err.code}`, { ...params, defaultValue: t('errors.unknown', { status: err.status }) });
  }
  return t('errors.unknown', { status: '' });
}

/** Every field the server blamed: `details.field` and, for validation_failed, each issue's field. */
export function fieldErrors(err: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!(err instanceof ApiError)) return out;
  const issues = Array.isArray(err.details.issues) ? (err.details.issues as { field?: unknown }[]) : [];
  if (err.code === 'validation_failed' && issues.length) {
    for (const issue of issues) {
      if (typeof issue.field === 'string' && !out.has(issue.field)) out.set(issue.field, err.code);
    }
  } else if (err.field) {
    out.set(err.field, err.code);
  }
  return out;
}

type Strings = Record<string, unknown>;

/**
 * A locale's strings with every API error code given the contracts' default message (the one list
 * the server throws from); the locale's own `errors` entries win where the app has its own wording,
 * e.g. with {{wait}}.
 */
export function withErrorDefaults(strings: Strings & { errors: Strings }, lang: 'zh' | 'en'): Strings {
  const defaults = Object.fromEntries(Object.entries(ERRORS).map(([code, message]) => [code, message[lang]]));
  return { ...strings, errors: { ...defaults, ...strings.errors } };
}
