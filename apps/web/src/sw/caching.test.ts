import { describe, expect, test } from 'vitest';
import { cacheableFeed, isAppNavigation, isPersonal } from './caching.ts';

const u = (path: string) => new URL(path, 'https://yaoyao.example.cn');

describe('what the service worker may cache', () => {
  test('the square feed pages, with their filters and cursor', () => {
    expect(cacheableFeed(u('/api/v1/posts'))).toBe(true);
    expect(cacheableFeed(u('/api/v1/posts?kind=need&region=440300&cursor=abc'))).toBe(true);
  });

  test('never a write, a post page, the account, a contact reveal or a login', () => {
    expect(cacheableFeed(u('/api/v1/posts'), 'POST')).toBe(false);
    for (const path of [
      '/api/v1/me',
      '/api/v1/me/posts',
      '/api/v1/auth/sms/verify',
      '/api/v1/posts/7d4c2a51-3b8e-4f0a-9a61-2f5b8c1d9e70',
      '/api/v1/posts/7d4c2a51-3b8e-4f0a-9a61-2f5b8c1d9e70/contact',
      '/api/v1/admin/posts',
    ]) {
      expect(cacheableFeed(u(path)), path).toBe(false);
    }
    expect(isPersonal(u('/api/v1/me'))).toBe(true);
    expect(isPersonal(u('/api/v1/posts/abc/contact'))).toBe(true);
    expect(isPersonal(u('/api/v1/auth/logout'))).toBe(true);
    expect(isPersonal(u('/api/v1/posts'))).toBe(false);
  });

  test('pages of the app are answered by the cached shell; the API and server pages are not', () => {
    for (const path of ['/', '/square', '/square?kind=need', '/posts/abc', '/post/new', '/me']) {
      expect(isAppNavigation(u(path)), path).toBe(true);
    }
    for (const path of ['/api/v1/posts', '/openapi.json', '/docs/', '/embed/square', '/health']) {
      expect(isAppNavigation(u(path)), path).toBe(false);
    }
  });
});
