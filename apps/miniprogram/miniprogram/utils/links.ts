/** A path of the H5 app only (never another site), as the server's `next` accepts. */
export function safePath(p: string | undefined): string {
  if (!p) return '/';
  const decoded = decodeURIComponent(p);
  return decoded.startsWith('/') && !decoded.startsWith('//') ? decoded : '/';
}
