// What a screen plays, read from an `admin:screen_status` event the same way by Monitoring
// and by the screen's page, so both say the same thing. Pure (node --test).

// { playlist?: {id, name}, media?: name }: only what the event tells. A heartbeat names the
// playlist; a presence change (connect, drop, sweep) carries the id and the media only, so the
// playlist shown stays as it was.
export function nowPlaying(event) {
  const seen = {};
  if (event && "currentPlaylistName" in event) {
    const id = event.currentPlaylistId === undefined || event.currentPlaylistId === null ? null : String(event.currentPlaylistId);
    seen.playlist = { id, name: event.currentPlaylistName || null };
  }
  if (event && "currentMediaName" in event) seen.media = event.currentMediaName || null;
  return seen;
}

// The text a cell shows for a name that may be missing.
export function shown(name) {
  return name || "—";
}
