/**
 * The world clock over telnet with the default pack set: `time` for everyone,
 * `@time` for admins only (dilation, pause, resume with catch-up, set), the
 * announcements everyone online sees, and a band turning on the live server's
 * timers (dawn arrives by itself at 100×).
 */
import { test } from 'node:test';
import { startTestServer } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';

const LIMITS = { commands: { count: 200, windowMs: 2_000 } };

test('time, and admin @time dilation, pause and resume', async (t) => {
  const server = await startTestServer({ limits: LIMITS });
  t.after(() => server.stop());
  const ada = await TelnetPlayer.connect(server.telnetPort);
  const pip = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => Promise.all([ada.close(), pip.close()]));
  await createCharacter(ada, 'Ada'); // the first account is an admin
  await createCharacter(pip, 'Pip');

  pip.send('time');
  await pip.expect(/^Morning, 08:0\d — day 1 of spring, year 1\.$/);
  await pip.expect(/^The sun is climbing in the east\. \(sun position 0\.33\d; spring is 0% through\.\)$/);
  await pip.expect('Time runs at 1× here (as fast as yours).');

  // Players may not touch the clock; the help lists @time only for admins.
  pip.send('@time pause');
  await pip.expect('Only admins may use "@time".');

  ada.send('@time dilation 500');
  await ada.expect('Dilation must be a number from 0.1 to 100 (1 = real time), e.g. @time dilation 10.');
  pip.skip();
  ada.send('@time dilation 10');
  await ada.expect('The world clock now runs at 10× (it ran at 1×).');
  await pip.expect('Time quickens around you.');
  pip.send('time');
  await pip.expect('Time runs at 10× here.');

  ada.send('@time pause');
  await ada.expect('You pause the world clock. Time stands still until @time resume.');
  await pip.expect('The world holds its breath: time stands still.');
  pip.send('time');
  await pip.expect('Time stands still: the world clock is paused.');
  await new Promise((r) => setTimeout(r, 1200));
  ada.send('@time resume');
  // ~1.2 s paused at 10× owes ~12 game seconds, caught up at 100×.
  await ada.expect(/^You resume the world clock after 1\.\d s\. It catches up 0\.2 game minutes at 100× over the next 0\.1 s\.$/);
  await pip.expect('Time flows again.');

  // Night, then dawn on its own: at 100× the two game minutes to 06:00 pass in 1.2 s.
  ada.send('@time set 05:58');
  await ada.expect(/You move the world clock forward [\d.]+ game minutes; it is now 05:58\./);
  await pip.expect('Darkness falls. It is night.');
  ada.send('@time dilation 100');
  await ada.expect('The world clock now runs at 100× (it ran at 10×).');
  await pip.expect('The sky pales in the east: dawn is coming.', 10_000);
  pip.send('time');
  await pip.expect(/^Dawn, 06:\d\d — day 2 of spring, year 1\.$/);
});
