/**
 * comms: talking beyond the room. tell/page, reply, whisper, shout, channels
 * (chat, ooc, =<channel>, channels, channel …), ignore, @mail, groups.
 * See docs/packs/comms.md.
 */
import { Command, Message, OK, reply, dispatchCommand } from '../../../sdk/assembly';
import { replyTo, shout, tell, whisper } from './talk';
import { channelCommand, listChannels, speak } from './channels';
import { ignore } from './ignore';
import { mail } from './mail';
import { group, talk } from './groups';

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

function onCommand(cmd: Command): i32 {
  const verb = cmd.verb;
  if (verb == 'tell') return tell(cmd);
  if (verb == 'reply') return replyTo(cmd);
  if (verb == 'whisper') return whisper(cmd);
  if (verb == 'shout') return shout(cmd);
  if (verb == 'chat') return speak(cmd, 'public', cmd.args);
  if (verb == 'ooc') return speak(cmd, 'ooc', cmd.args);
  if (verb == 'chansay') return chansay(cmd);
  if (verb == 'channels') return listChannels(cmd);
  if (verb == 'channel') return channelCommand(cmd);
  if (verb == 'ignore') return ignore(cmd);
  if (verb == '@mail') return mail(cmd);
  if (verb == 'group') return group(cmd);
  if (verb == 'gt') return talk(cmd, cmd.args);
  reply(Message.error('comms does not know the command "' + verb + '".'));
  return OK;
}

/** "=ooc hello" arrives as chansay "ooc hello". */
function chansay(cmd: Command): i32 {
  const args = cmd.args;
  const space = args.indexOf(' ');
  if (args.length == 0) {
    reply(Message.error('Talk on which channel? Type: =<channel> <text>'));
    return OK;
  }
  if (space < 0) return speak(cmd, args, '');
  return speak(cmd, args.substring(0, space), args.substring(space + 1).trim());
}
