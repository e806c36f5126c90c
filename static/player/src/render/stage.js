// A playlist on screen: its template's zones, each playing its own items. A new stage is
// built and started under the old one, which is removed once the new one has content.
import { ClockZone, DatasetZone, HiddenZone, TickerZone, WeatherZone } from "./widgets.js";
import { ContentZone } from "./zone.js";

export class Stage {
  constructor(playlist, ctx) {
    this.playlist = playlist;
    this.ctx = ctx; // + allFailed(boolean)
    this.el = document.createElement("div");
    this.el.className = "zone-set";
    this.el.dataset.playlistId = playlist.id;
    this.el.dataset.version = String(playlist.version);
    const zoneCtx = { ...ctx, zoneState: () => this.checkZones() };
    this.zones = playlist.template.zones.map((def) => {
      const items = playlist.items.filter((item) => item.zoneId === def.id);
      if (def.type === "CLOCK") return new ClockZone(def, ctx.timezone);
      if (def.type === "TICKER") return new TickerZone(def, items, ctx.dataSource);
      if (def.type === "DATASET") return new DatasetZone(def, items, ctx.dataSource);
      if (def.type === "WEATHER") return new WeatherZone(def, ctx.weather);
      if (def.type === "CONTENT" && items.length) return new ContentZone(def, items, playlist, zoneCtx);
      return new HiddenZone(def);
    });
    for (const zone of this.zones) this.el.append(zone.el);
    // Nothing but empty content zones (an emptied playlist, every item expired).
    this.showsSomething = this.zones.some((zone) => !(zone instanceof HiddenZone));
  }

  get key() {
    return `${this.playlist.id}@${this.playlist.version}`;
  }

  start() {
    for (const zone of this.zones) zone.start();
  }

  checkZones() {
    const playing = this.zones.filter((zone) => zone.playable);
    this.ctx.allFailed(playing.length > 0 && playing.every((zone) => zone.failed));
  }

  onVolume(level) {
    for (const zone of this.zones) zone.onVolume(level);
  }

  dispose() {
    for (const zone of this.zones) zone.dispose();
    this.el.remove();
  }
}
