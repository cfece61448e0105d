/**
 * The world clock, kept as one component (`time.clock`) that any pack granted
 * `read: ["time.clock"]` turns into the current game time without asking this
 * pack and without counting ticks:
 *
 *   game(now) = rate == 0             ? game
 *             : until > 0 && now > until ? game + (until - at) * rate + (now - until) * then
 *             :                          game + (now - at) * rate
 *
 * (`now` is the host's world time, ms). The clock is rewritten only when
 * something changes it (dilation, pause, resume, advance) and when a band
 * boundary is reached (to re-arm the wake timer), never every tick.
 *
 * Catch-up (gameplay-rules.md 1.2): after a pause, the time the world would have
 * lived through (pause length × dilation) is owed; the clock then runs at the
 * catch-up dilation (100×) until it is back where it would have been, and
 * continues at its own dilation (`then`). A dilation at or above the catch-up
 * dilation can never catch up by running faster, so the owed time is added at once.
 */
import { JsonObj, JsonValue } from '../../../sdk/assembly';

/** Real ms per tick: 10 Hz. */
export const TICK_MS: f64 = 100;

export class Clock {
  /** Real ms of the last rebase. */
  at: f64 = 0;
  /** Game ms at `at`. */
  game: f64 = 0;
  /** Game ms per real ms now (0 while paused; the catch-up dilation while catching up). */
  rate: f64 = 1;
  /** Real ms at which catch-up ends (0: not catching up). */
  until: f64 = 0;
  /** Rate after `until`. */
  then: f64 = 1;
  /** The world's dilation factor (0.1–100 by default). */
  dilation: f64 = 1;
  paused: bool = false;
  /** Real ms the pause began (0 when running). */
  pausedAt: f64 = 0;
  /** Game ms still owed when a pause interrupted a catch-up. */
  owed: f64 = 0;
  /** Ticks the clock had run at `at`. */
  ticks: f64 = 0;
  /** Sequence number of the one wake timer that counts; any other is stale. */
  wake: f64 = 0;
  /** Real ms that wake is due (0: none armed). */
  due: f64 = 0;
  /** What `time.now` last announced: band, season and day (so a wake need not read it back). */
  band: string = '';
  season: string = '';
  day: f64 = 0;

  static parse(v: JsonValue | null): Clock | null {
    if (v === null || !v.isObject()) return null;
    const c = new Clock();
    c.at = v.getNumber('at', 0);
    c.game = v.getNumber('game', 0);
    c.rate = v.getNumber('rate', 1);
    c.until = v.getNumber('until', 0);
    c.then = v.getNumber('then', 1);
    c.dilation = v.getNumber('dilation', 1);
    c.paused = v.getBool('paused', false);
    c.pausedAt = v.getNumber('pausedAt', 0);
    c.owed = v.getNumber('owed', 0);
    c.ticks = v.getNumber('ticks', 0);
    c.wake = v.getNumber('wake', 0);
    c.due = v.getNumber('due', 0);
    const band = v.getString('band');
    c.band = band === null ? '' : band!;
    const season = v.getString('season');
    c.season = season === null ? '' : season!;
    c.day = v.getNumber('day', 0);
    return c;
  }

  toJson(): string {
    return new JsonObj()
      .set('at', this.at)
      .set('game', this.game)
      .set('rate', this.rate)
      .set('until', this.until)
      .set('then', this.then)
      .set('dilation', this.dilation)
      .set('paused', this.paused)
      .set('pausedAt', this.pausedAt)
      .set('owed', this.owed)
      .set('ticks', this.ticks)
      .set('wake', this.wake)
      .set('due', this.due)
      .set('band', this.band)
      .set('season', this.season)
      .set('day', this.day)
      .toJson();
  }

  /** Game ms at real time `now` (the formula in the header). */
  gameAt(now: f64): f64 {
    if (this.rate == 0) return this.game;
    if (this.until > 0 && now > this.until) {
      return Math.floor(this.game + (this.until - this.at) * this.rate + (now - this.until) * this.then);
    }
    return Math.floor(this.game + (now - this.at) * this.rate);
  }

  /** Ticks run by real time `now` (a paused clock does not tick). */
  ticksAt(now: f64): f64 {
    if (this.paused) return this.ticks;
    return this.ticks + Math.floor((now - this.at) / TICK_MS);
  }

  catchingUp(now: f64): bool {
    return this.until > 0 && now < this.until;
  }

  /** Game ms still to be caught up at `now`. */
  owedAt(now: f64): f64 {
    if (this.paused) return this.owed;
    if (!this.catchingUp(now)) return 0;
    return (this.until - now) * (this.rate - this.then);
  }

  /** Fold the elapsed time into `game`, so the next change starts from `now`. */
  rebase(now: f64): void {
    const g = this.gameAt(now);
    const owed = this.owedAt(now);
    this.ticks = this.ticksAt(now);
    this.game = g;
    if (!this.paused && !this.catchingUp(now)) {
      this.rate = this.dilation;
      this.until = 0;
    } else if (!this.paused) {
      this.owed = owed;
    }
    this.at = now;
  }

  setDilation(now: f64, x: f64, catchUpRate: f64): void {
    this.rebase(now);
    this.dilation = x;
    if (this.paused) return;
    const owed = this.catchingUp(now) ? this.owed : 0;
    this.run(owed, catchUpRate);
  }

  pause(now: f64): void {
    this.rebase(now);
    this.owed = this.catchingUp(now) ? this.owed : 0;
    this.paused = true;
    this.pausedAt = now;
    this.rate = 0;
    this.until = 0;
  }

  /** Resume; with `catchUp`, the paused span × dilation is owed and caught up. Returns the game ms owed. */
  resume(now: f64, catchUp: bool, catchUpRate: f64): f64 {
    this.rebase(now);
    let owed = this.owed;
    if (catchUp) owed += (now - this.pausedAt) * this.dilation;
    else owed = 0;
    this.paused = false;
    this.pausedAt = 0;
    this.run(Math.floor(owed), catchUpRate);
    return Math.floor(owed);
  }

  advance(now: f64, gameMs: f64): void {
    this.rebase(now);
    this.game += gameMs;
  }

  /** Run at the dilation, first catching up `owed` game ms at `catchUpRate`. */
  private run(owed: f64, catchUpRate: f64): void {
    this.owed = 0;
    this.then = this.dilation;
    if (owed <= 0) {
      this.rate = this.dilation;
      this.until = 0;
    } else if (catchUpRate <= this.dilation) {
      this.game += owed; // cannot outrun the clock: add the owed time at once
      this.rate = this.dilation;
      this.until = 0;
    } else {
      this.rate = catchUpRate;
      this.until = this.at + Math.ceil(owed / (catchUpRate - this.dilation));
    }
  }

  /** Real ms from `now` until the game clock reads `target` (-1: never, the clock is paused). */
  realUntil(now: f64, target: f64): f64 {
    const g = this.gameAt(now);
    if (target <= g) return 0;
    if (this.rate == 0) return -1;
    if (this.catchingUp(now)) {
      const atEnd = this.gameAt(this.until);
      if (target <= atEnd) return Math.ceil((target - g) / this.rate);
      return this.until - now + Math.ceil((target - atEnd) / this.then);
    }
    return Math.ceil((target - g) / this.rate);
  }
}
