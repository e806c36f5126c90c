// A zone's total as a wall clock reads it (the server's content/playlist_rules.clock_text):
// 0:45, 12:30, 1:02:05. Pure, for node --test.
export function clockText(seconds) {
  const whole = Math.max(0, Math.floor(Number(seconds) || 0));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = String(whole % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`;
}
