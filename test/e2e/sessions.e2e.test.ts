/**
 * One character, one session, any number of connections: all of them get the
 * character's output, and the character stays online until the last one leaves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../support/server.ts';
import { TelnetPlayer, WsPlayer, createCharacter } from '../support/players.ts';

test('several connections to one character all get its output', async (t) => {
  const server = await startTestServer();
  t.after(() => server.stop());
  const dana = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(dana, 'Dana');
  const danaWeb = await WsPlayer.connect(server.httpPort);
  await danaWeb.expect(/connect <name> <password>/);
  danaWeb.send('connect dana secret-pass');
  await danaWeb.expect('You are now connected from 2 places.');
  // The new connection sees where Dana stands.
  await danaWeb.expect('Emberford Square');
  await danaWeb.expect(/^Exits: /);
  assert.equal(server.gateway.sessions.online.length, 1, 'still one session');

  const eli = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(eli, 'Eli');
  eli.send('say hello Dana');
  await dana.expect('Eli says, "hello Dana"');
  await danaWeb.expect('Eli says, "hello Dana"');

  // What Dana does from one connection shows on both.
  danaWeb.send('say hi Eli');
  await danaWeb.expect('You say, "hi Eli"');
  await dana.expect('You say, "hi Eli"');
  await eli.expect('Dana says, "hi Eli"');

  // Closing one connection keeps Dana online; closing the last takes her offline.
  await dana.close();
  await new Promise((r) => setTimeout(r, 100));
  eli.send('who');
  await eli.expect('Online (2):');
  await eli.expect(/^ {2}Dana +active$/);
  await eli.expect(/^ {2}Eli +active$/);
  await danaWeb.close();
  await new Promise((r) => setTimeout(r, 100));
  eli.send('who');
  await eli.expect('Online (1):');
  await eli.expect(/^ {2}Eli +active$/);
  await eli.close();
});
