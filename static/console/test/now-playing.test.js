import assert from "node:assert/strict";
import { test } from "node:test";
import { nowPlaying, shown } from "../src/now-playing.js";

test("a heartbeat's status names the playlist and the media", () => {
  assert.deepEqual(nowPlaying({ screenId: "3", currentPlaylistId: "7", currentPlaylistName: "Menu", currentMediaName: "Soup.png" }), {
    playlist: { id: "7", name: "Menu" },
    media: "Soup.png",
  });
});

test("nothing playing is said as nothing, not left as it was", () => {
  assert.deepEqual(nowPlaying({ currentPlaylistId: null, currentPlaylistName: null, currentMediaName: null }), {
    playlist: { id: null, name: null },
    media: null,
  });
  assert.equal(shown(null), "—");
  assert.equal(shown("Menu"), "Menu");
});

test("a presence change leaves the playlist shown as it was", () => {
  assert.deepEqual(nowPlaying({ status: "OFFLINE", currentPlaylistId: "7", currentMediaName: "Soup.png" }), { media: "Soup.png" });
  assert.deepEqual(nowPlaying({ status: "ONLINE" }), {});
  assert.deepEqual(nowPlaying(null), {});
});
