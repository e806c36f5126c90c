// Zones that draw themselves: clock, ticker, dataset table, weather. Long-lived, driven by
// server time and by data read through the server.
import { currentLocale } from "../i18n/index.js";
import { everySecond } from "../time/clock.js";
import { headlinesOf } from "./headlines.js";
import { tableOf } from "./table.js";
import { place } from "./zone.js";

class Widget {
  constructor(def) {
    this.def = def;
    this.style = def.styleJson || {};
    this.el = document.createElement("div");
    this.el.className = "zone";
    place(this.el, def);
    // The text colour a template chose (CSSOM ignores anything that is not a colour).
    if (typeof this.style.color === "string") this.el.style.color = this.style.color;
    this.failed = false;
    this.playable = false; // plays no items: never counts as a failing zone
    this.stop = () => {};
    this.disposed = false;
  }

  // Run load() now and again every `ms` after it settles, until the zone is disposed (also
  // when dispose() comes while a fetch is in flight: that load does not re-arm).
  refresh(load, ms) {
    let timer = null;
    const run = async () => {
      await load();
      if (!this.disposed) timer = setTimeout(run, ms);
    };
    this.stop = () => clearTimeout(timer);
    run();
  }

  start() {}

  onVolume() {}

  dispose() {
    this.disposed = true;
    this.stop();
    this.el.remove();
  }
}

export class ClockZone extends Widget {
  constructor(def, timezone) {
    super(def);
    this.zone = this.style.timezone || timezone || undefined;
    this.seconds = String(this.style.format || "HH:mm").includes("ss");
    this.showDate = this.style.showDate !== false;
    this.formats();
    this.box = document.createElement("div");
    this.box.className = "clock";
    this.time = document.createElement("div");
    this.time.className = "clock-time";
    this.box.append(this.time);
    if (this.showDate) {
      this.date = document.createElement("div");
      this.date.className = "clock-date";
      this.box.append(this.date);
    }
    this.el.append(this.box);
  }

  // The zone's own `locale`, else the site's, which may change while the zone runs.
  formats() {
    const locale = this.style.locale || currentLocale();
    if (locale === this.locale) return;
    this.locale = locale;
    this.timeFormat = new Intl.DateTimeFormat(locale, {
      hour: "2-digit", minute: "2-digit", second: this.seconds ? "2-digit" : undefined, hour12: false, timeZone: this.zone,
    });
    this.dateFormat = this.showDate ? new Intl.DateTimeFormat(locale, {
      weekday: "long", day: "numeric", month: "long", timeZone: this.zone,
    }) : null;
  }

  start() {
    this.stop = everySecond((now) => {
      this.formats();
      this.time.textContent = this.timeFormat.format(now);
      if (this.date) this.date.textContent = this.dateFormat.format(now);
    });
  }
}

// Feeds and datasets are read through the server (the browser could not reach most of them,
// and the server caches one copy for the whole fleet); refreshed every few minutes, the last
// good data staying up while offline.
const FEED_REFRESH_MS = 300_000;
const WEATHER_REFRESH_MS = 600_000;

function mediaWithSource(items) {
  const item = items.find((i) => i.media && i.media.dataSourceId);
  return item ? item.media : null;
}

function sourceOf(items) {
  const media = mediaWithSource(items);
  return media ? media.dataSourceId : null;
}

const SEPARATOR = "   •   ";

export class TickerZone extends Widget {
  constructor(def, items = [], fetchData = null) {
    super(def);
    const media = mediaWithSource(items);
    this.source = media ? media.dataSourceId : null;
    this.fields = media ? media.dataFields || null : null; // the source's field mapping
    this.fetchData = fetchData;
    this.box = document.createElement("div");
    this.box.className = "ticker";
    this.track = document.createElement("span");
    this.track.className = "ticker-track";
    this.box.append(this.track);
    this.el.append(this.box);
  }

  // `headlines`: [{ title, text, image }] (headlines.js), or a fixed text.
  show(headlines) {
    const fixed = typeof headlines === "string";
    const list = fixed ? (headlines ? [{ title: headlines, text: "", image: null }] : []) : headlines;
    const key = JSON.stringify(list);
    if (!list.length || key === this.shown) return;
    this.shown = key;
    const parts = [];
    list.forEach((headline, index) => {
      if (index) parts.push(SEPARATOR);
      if (headline.image) {
        const image = document.createElement("img");
        image.className = "ticker-image";
        image.alt = "";
        image.src = headline.image;
        image.onerror = () => image.remove(); // a broken picture leaves the words
        parts.push(image);
      }
      if (headline.title && fixed) {
        parts.push(headline.title);
      } else if (headline.title) {
        const title = document.createElement("strong");
        title.className = "ticker-title";
        title.textContent = headline.title; // text, never HTML
        parts.push(title);
      }
      if (headline.text) parts.push(headline.title ? ` — ${headline.text}` : headline.text);
    });
    this.track.replaceChildren(...parts);
    this.el.hidden = false;
    // Continuous CSS animation at a steady speed (px/s), whatever the text's length.
    const speed = Number(this.style.speed) > 0 ? Number(this.style.speed) : 80;
    requestAnimationFrame(() => {
      this.track.style.animationDuration = `${Math.max(2, this.track.scrollWidth / speed)}s`;
    });
  }

  start() {
    const fixed = typeof this.style.text === "string" ? this.style.text : "";
    this.el.hidden = true; // until there is something to scroll
    this.show(fixed);
    if (!this.source || !this.fetchData) return;
    this.refresh(async () => {
      try {
        const headlines = headlinesOf(await this.fetchData(this.source), this.fields);
        this.show(headlines.length ? headlines : fixed);
      } catch {
        // Offline or refused: keep what scrolls.
      }
    }, FEED_REFRESH_MS);
  }
}

export class DatasetZone extends Widget {
  constructor(def, items = [], fetchData = null) {
    super(def);
    this.source = sourceOf(items);
    this.fetchData = fetchData;
    this.el.hidden = true;
  }

  render(data) {
    const shown = tableOf(data, this.style.columns);
    if (!shown) return false;
    const { columns, rows } = shown;
    const table = document.createElement("table");
    table.className = "dataset";
    const head = table.createTHead().insertRow();
    for (const column of columns) head.insertCell().textContent = String(column);
    const body = table.createTBody();
    for (const row of rows) {
      const line = body.insertRow();
      for (const cell of row) line.insertCell().textContent = cell === null || cell === undefined ? "" : String(cell);
    }
    this.el.replaceChildren(table);
    this.el.hidden = false;
    return true;
  }

  start() {
    if (!this.source || !this.fetchData) return;
    this.refresh(async () => {
      try {
        this.render(await this.fetchData(this.source));
      } catch {
        // Offline or refused: keep the last table.
      }
    }, FEED_REFRESH_MS);
  }
}

// A zone with nothing to show (no items, or a type this player does not know) steps aside.
export class HiddenZone extends Widget {
  start() {
    this.el.hidden = true;
  }
}

// The weather of a city (styleJson.city, .units), fetched through the server every 10 minutes;
// the last good answer stays up while offline, and without any the zone steps aside.
export class WeatherZone extends Widget {
  constructor(def, fetchWeather) {
    super(def);
    this.fetchWeather = fetchWeather;
    this.box = document.createElement("div");
    this.box.className = "clock";
    this.temperature = document.createElement("div");
    this.temperature.className = "clock-time";
    this.description = document.createElement("div");
    this.description.className = "clock-date";
    this.box.append(this.temperature, this.description);
    this.el.append(this.box);
    this.el.hidden = true;
  }

  start() {
    const city = typeof this.style.city === "string" ? this.style.city.trim() : "";
    if (!city) return;
    const units = this.style.units === "imperial" ? "imperial" : "metric";
    this.refresh(async () => {
      try {
        const weather = await this.fetchWeather(city, units);
        this.temperature.textContent = `${Math.round(weather.temperature)}°${units === "imperial" ? "F" : "C"}`;
        this.description.textContent = `${weather.city} · ${weather.description}`;
        this.el.hidden = false;
      } catch {
        // No key, an unknown city, offline: keep what shows (or stay hidden).
      }
    }, WEATHER_REFRESH_MS);
  }
}
