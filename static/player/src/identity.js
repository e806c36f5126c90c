// Where the player keeps its identity. localStorage survives reboots of the kiosk.
const JWT_KEY = "signage.jwt";
const SCREEN_KEY = "signage.screenId";

export function savedIdentity() {
  return { jwt: localStorage.getItem(JWT_KEY), screenId: localStorage.getItem(SCREEN_KEY) };
}

export function saveIdentity(jwt, screenId) {
  localStorage.setItem(JWT_KEY, jwt);
  localStorage.setItem(SCREEN_KEY, String(screenId));
}
