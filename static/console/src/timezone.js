// The browser's timezone, for the server to show times on the user's clock when their
// profile names no timezone (CONTRACT §14). A cookie, so the very next page uses it.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (zone && /^[A-Za-z0-9_+\-/]{1,64}$/.test(zone)) {
  const cookie = `tz=${zone}`;
  if (!document.cookie.split('; ').includes(cookie)) {
    document.cookie = `${cookie}; path=/; max-age=31536000; SameSite=Lax`;
  }
}
