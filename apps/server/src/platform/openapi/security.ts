import { SCOPES } from '@medrelay/contracts';

/**
 * Who may call an operation, as OpenAPI 3.1 security requirements. Each route names one of these in
 * `schema.security`; the document's error responses (401/403) are derived from it. OpenAPI 3.1
 * allows role names in the list of a non-OAuth scheme: the session's roles say which guard applies
 * (`active` = not banned, `verified` = real-name verified, `moderator`, `admin`), the partner key's
 * say which scope the key must hold.
 */
export const SECURITY = {
  /** Anyone; no credentials are read. */
  public: [],
  /** Anyone; a session, when sent, personalises the answer. */
  optionalSession: [{}, { session: [] }],
  /** Logged in (banned accounts may still read, export and erase their data). */
  session: [{ session: [] }],
  /** Logged in and not banned. */
  activeSession: [{ session: ['active'] }],
  /** Logged in, not banned and real-name verified: may publish and reveal a contact. */
  verifiedSession: [{ session: ['verified'] }],
  moderator: [{ session: ['moderator'] }],
  admin: [{ session: ['admin'] }],
  partner: (scope: (typeof SCOPES)[number]) => [{ partnerKey: [scope] }],
  /** The embeddable square: a publishable key names the partner whose pages may frame it. */
  widget: [{}, { widgetKey: [] }],
} as const;

export const securitySchemes = (sessionCookie: string) =>
  ({
    session: {
      type: 'apiKey',
      in: 'cookie',
      name: sessionCookie,
      description:
        'The session cookie set by `loginWithCode` (HttpOnly, SameSite=Lax). Requirement names are the ' +
        'guard the operation applies: `active` (not banned), `verified` (real-name verified), ' +
        '`moderator`, `admin`.\n\n' +
        '**CSRF rule.** A POST, PUT, PATCH or DELETE that carries this cookie is refused with ' +
        '403 `csrf_rejected` when `Sec-Fetch-Site` is present and is neither `same-origin` nor `none`, ' +
        "when `Origin` is `null`, or when `Origin`'s host differs from `Host` (or `X-Forwarded-Host`). " +
        'Requests without the cookie carry no ambient authority and are not checked. Servers calling ' +
        'the API should use a partner key instead of a session.',
    },
    partnerKey: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'mr_sk_…',
      description:
        'A secret partner key (`Authorization: Bearer mr_sk_…`), created on the partner page by an ' +
        `owner or developer of an approved partner. Each key holds scopes (${SCOPES.map((s) => `\`${s}\``).join(', ')}); ` +
        'an operation names the scope it needs and answers 403 `scope_missing` without it. Keys are ' +
        'limited per key per minute and per day (429 with `Retry-After`). Publishable keys are refused here.',
    },
    widgetKey: {
      type: 'apiKey',
      in: 'query',
      name: 'key',
      description:
        'A publishable partner key (`mr_pk_…`, scope `posts:read` only), safe to put in a web page: it ' +
        'names the partner whose listed origins may frame the embeddable square. Never a secret key.',
    },
  }) as const;
