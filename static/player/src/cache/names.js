// Cache Storage names shared by the page and the Service Worker. The media cache outlives
// player updates; the shell cache is per build.
export const MEDIA_CACHE = "signage-media-v1";
export const SHELL_PREFIX = "signage-shell-";
