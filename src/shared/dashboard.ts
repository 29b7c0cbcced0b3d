// A Dask dashboard address is opened in the user's browser only when it is an http(s) address:
// the report (and a saved one is untrusted input) could carry any string, e.g. a command: or file: URI.

/** The dashboard's address when it is a well-formed http(s) URL, else null. */
export function safeDashboardUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  return url.href;
}
