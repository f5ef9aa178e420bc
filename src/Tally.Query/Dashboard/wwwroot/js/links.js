/** The URL of an app's page; params become the hash's query (the page's state). */
export function appLink(appId, page, params = new URLSearchParams()) {
  const query = params.toString();
  return `#/apps/${encodeURIComponent(appId)}/${page}${query ? `?${query}` : ''}`;
}
