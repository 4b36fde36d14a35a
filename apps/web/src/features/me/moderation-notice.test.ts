import { describe, expect, test } from 'vitest';
import { moderationNotice } from './moderation-notice.ts';

describe('what a poster is told about moderation', () => {
  test('held, hidden and removed posts say why; open and closed ones say nothing', () => {
    expect(moderationNotice({ status: 'review', moderationReason: 'off_platform_contact' })).toEqual({
      key: 'held',
      reason: 'off_platform_contact',
    });
    expect(moderationNotice({ status: 'hidden', moderationReason: 'reported' })).toEqual({
      key: 'hidden',
      reason: 'reported',
    });
    expect(moderationNotice({ status: 'removed', moderationReason: 'trading' })).toEqual({
      key: 'removed',
      reason: 'trading',
    });
    expect(moderationNotice({ status: 'open', moderationReason: null })).toBeNull();
    expect(moderationNotice({ status: 'resolved', moderationReason: null })).toBeNull();
  });

  test('a reason code the app does not know (a rule added later) gets the general wording', () => {
    expect(moderationNotice({ status: 'removed', moderationReason: 'new_rule_code' })?.reason).toBe(
      'fallback',
    );
    expect(moderationNotice({ status: 'review', moderationReason: null })?.reason).toBe('fallback');
  });
});
