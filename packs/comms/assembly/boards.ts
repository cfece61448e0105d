/**
 * Bulletin boards, as MUSH players type them (Myrddin's +bb, which PennMUSH and
 * TinyMUX games run): boards from config (`boards`: announcements, which admins
 * post to, and general by default), posts kept on a board entity (`comms.board`),
 * what each character has read in `comms.bbread` — both survive restarts.
 *
 *   +bb                                  boards, with posts and unread counts
 *   +bb <board>                          the posts on a board (a name, a prefix, or its number)
 *   +bb <board>/<n>        (+bbread)     read one
 *   +bb post <board>/<title> = <body>    (+bbpost)
 *   +bb remove <board>/<n> (+bbremove)   your own post; admins any
 *   +bb catchup <board>|all              mark everything read
 *   news [<n>]                           the announcements board, read only
 */
import { Command, JsonArr, JsonObj, JsonValue, Message, Query, State, OK, config, now, reply, send } from '../../../sdk/assembly';
import { clip, duration } from './people';
import { floodOk, numberSetting } from './limits';
import { refused } from './talk';

const BOARD = 'comms.board';
const READ = 'comms.bbread';
/** The board `news` reads. */
export const NEWS_BOARD = 'announcements';

class BoardDef {
  constructor(
    public name: string,
    public description: string,
    public adminsOnly: bool,
  ) {}
}

function definitions(): BoardDef[] {
  const out = new Array<BoardDef>();
  const v = config('boards');
  if (v === null) return out;
  const items = v.asArray();
  if (items === null) return out;
  for (let i = 0; i < items.length; i++) {
    const name = items[i].getString('name');
    if (name === null) continue;
    const d = items[i].getString('description');
    const by = items[i].getString('postBy');
    out.push(new BoardDef(name!, d === null ? '' : d!, by !== null && by! == 'admins'));
  }
  return out;
}

/** A board by number (1-based, as listed), exact name, or unambiguous prefix; tells the actor when none. */
function findBoard(word: string): BoardDef | null {
  const defs = definitions();
  const w = word.trim().toLowerCase();
  const n = I32.parseInt(w);
  if (!isNaN(<f64>n) && n >= 1 && n <= defs.length && n.toString() == w) return defs[n - 1];
  let found: BoardDef | null = null;
  for (let i = 0; i < defs.length; i++) {
    if (defs[i].name == w) return defs[i];
    if (w.length > 0 && defs[i].name.startsWith(w)) {
      if (found !== null) {
        reply(Message.error('"' + clip(word, 20) + '" could mean ' + found!.name + ' or ' + defs[i].name + '.'));
        return null;
      }
      found = defs[i];
    }
  }
  if (found === null) reply(Message.error('There is no board "' + clip(word, 20) + '". Type +bb for the list.'));
  return found;
}

class Post {
  constructor(
    public n: i32,
    public title: string,
    public body: string,
    public author: string,
    public authorId: string,
    public at: f64,
  ) {}
  toJson(): string {
    return new JsonObj().set('n', this.n).set('title', this.title).set('body', this.body).set('author', this.author).set('authorId', this.authorId).set('at', this.at).toJson();
  }
}

class Board {
  posts: Post[] = [];
  next: i32 = 1;
  constructor(
    public name: string,
    public entity: string | null,
  ) {}
}

function load(name: string): Board {
  const found = Query.find(BOARD, 'name', name);
  const b = new Board(name, found.length > 0 ? found[0] : null);
  if (b.entity === null) return b;
  const v = State.get(b.entity!, BOARD);
  if (v === null) return b;
  b.next = <i32>v.getNumber('next', 1);
  const items = v.getArray('posts');
  if (items === null) return b;
  for (let i = 0; i < items!.length; i++) {
    const p = items![i];
    const t = p.getString('title');
    const body = p.getString('body');
    const by = p.getString('author');
    const byId = p.getString('authorId');
    b.posts.push(new Post(<i32>p.getNumber('n', 0), t === null ? '' : t!, body === null ? '' : body!, by === null ? '' : by!, byId === null ? '' : byId!, p.getNumber('at', 0)));
  }
  return b;
}

function save(b: Board): bool {
  if (b.entity === null) {
    const id = State.spawn(
      new JsonObj()
        .set('name', 'board ' + b.name)
        .set('kind', 'board')
        .set(BOARD, new JsonObj().set('name', b.name).set('next', 1).set('posts', new JsonArr())),
    );
    if (id === null) return false;
    b.entity = id;
  }
  const posts = new JsonArr();
  for (let i = 0; i < b.posts.length; i++) posts.push(b.posts[i]);
  return State.set(b.entity!, BOARD, new JsonObj().set('name', b.name).set('next', b.next).set('posts', posts));
}

/** Post numbers the character has read, per board. */
function readSets(who: string): JsonValue {
  const v = State.get(who, READ);
  return v === null || !v.isObject() ? JsonValue.newObject() : v;
}

function hasRead(sets: JsonValue, board: string, n: i32): bool {
  const list = sets.getArray(board);
  if (list === null) return false;
  for (let i = 0; i < list!.length; i++) if (<i32>list![i].asNumber(0) == n) return true;
  return false;
}

/** Record `numbers` as read on `b` (keeping only posts still there: the set stays as small as the board). */
function markRead(who: string, b: Board, numbers: i32[]): bool {
  const sets = readSets(who);
  const kept = JsonValue.newArray();
  for (let i = 0; i < b.posts.length; i++) {
    const n = b.posts[i].n;
    if (numbers.includes(n) || hasRead(sets, b.name, n)) kept.push(JsonValue.fromNumber(<f64>n));
  }
  sets.set(b.name, kept);
  return State.set(who, READ, sets);
}

function unread(sets: JsonValue, b: Board): i32 {
  let n = 0;
  for (let i = 0; i < b.posts.length; i++) if (!hasRead(sets, b.name, b.posts[i].n)) n++;
  return n;
}

function pad(s: string, n: i32): string {
  let out = s;
  while (out.length < n) out += ' ';
  return out;
}

function padLeft(s: string, n: i32): string {
  let out = s;
  while (out.length < n) out = ' ' + out;
  return out;
}

export function boards(cmd: Command): i32 {
  // +bbread, +bbpost, +bbremove are the same command spelled as Myrddin's BBS spells it.
  const first = cmd.line.trim().split(' ')[0].toLowerCase();
  const args = cmd.args;
  if (first == '+bbpost') return post(cmd, args);
  if (first == '+bbremove') return remove(cmd, args);
  if (args.length == 0) return listBoards(cmd);
  const words = cmd.words();
  const sub = words[0].toLowerCase();
  const rest = args.substring(words[0].length).trim();
  if (sub == 'post') return post(cmd, rest);
  if (sub == 'remove' || sub == 'delete') return remove(cmd, rest);
  if (sub == 'catchup') return catchup(cmd, rest);
  const slash = args.indexOf('/');
  if (slash < 0) {
    const def = findBoard(args);
    return def === null ? OK : listPosts(cmd, def!);
  }
  const def = findBoard(args.substring(0, slash));
  if (def === null) return OK;
  return readPost(cmd, def!, args.substring(slash + 1).trim());
}

/** news: the announcements board; news <n> reads a post. Posting is +bb post announcements/… */
export function news(cmd: Command): i32 {
  const defs = definitions();
  let def: BoardDef | null = null;
  for (let i = 0; i < defs.length; i++) if (defs[i].name == NEWS_BOARD) def = defs[i];
  if (def === null) {
    reply(Message.info('This world has no announcements board. Type +bb for the boards.'));
    return OK;
  }
  return cmd.args.length == 0 ? listPosts(cmd, def!) : readPost(cmd, def!, cmd.args);
}

function listBoards(cmd: Command): i32 {
  const defs = definitions();
  if (defs.length == 0) {
    reply(Message.info('This world has no bulletin boards.'));
    return OK;
  }
  const sets = readSets(cmd.actor.id);
  const msg = Message.kind('info').styled('Bulletin boards', 'emphasis').text(' (+bb <board> lists its posts, +bb <board>/<n> reads one):');
  msg.newline().text('   #  ' + pad('Board', 16) + ' Posts  Unread  Who posts');
  for (let i = 0; i < defs.length; i++) {
    const b = load(defs[i].name);
    const u = unread(sets, b);
    msg
      .newline()
      .text(padLeft((i + 1).toString(), 4) + '  ')
      .styled(pad(defs[i].name, 16), 'emphasis');
    msg.text(padLeft(b.posts.length.toString(), 6) + '  ');
    if (u > 0) msg.styled(padLeft(u.toString(), 6), 'good');
    else msg.text(padLeft('0', 6));
    msg.text('  ' + (defs[i].adminsOnly ? 'admins' : 'everyone'));
    if (defs[i].description.length > 0) msg.text(' — ' + defs[i].description);
  }
  reply(msg);
  return OK;
}

function listPosts(cmd: Command, def: BoardDef): i32 {
  const b = load(def.name);
  if (b.posts.length == 0) {
    reply(Message.info('Nothing is posted on ' + def.name + ' yet.' + (def.adminsOnly && !cmd.actor.admin ? '' : ' Post with: +bb post ' + def.name + '/<title> = <text>')));
    return OK;
  }
  const sets = readSets(cmd.actor.id);
  const t = <f64>now();
  const msg = Message.kind('info')
    .styled(def.name, 'emphasis')
    .text(' (+bb ' + def.name + '/<n> to read; * unread):');
  for (let i = 0; i < b.posts.length; i++) {
    const p = b.posts[i];
    msg
      .newline()
      .text(padLeft(p.n.toString(), 4) + (hasRead(sets, def.name, p.n) ? '   ' : ' * '))
      .styled(clip(p.title, 40), 'emphasis');
    msg.text(' — ' + p.author + ', ' + duration(t - p.at) + ' ago');
  }
  reply(msg);
  return OK;
}

function numberIn(b: Board, text: string): Post | null {
  const w = text.trim();
  const n = I32.parseInt(w);
  if (!isNaN(<f64>n) && n.toString() == w) {
    for (let i = 0; i < b.posts.length; i++) if (b.posts[i].n == n) return b.posts[i];
  }
  reply(Message.error(b.posts.length == 0 ? 'Nothing is posted on ' + b.name + '.' : 'There is no post ' + clip(w, 10) + ' on ' + b.name + '; type +bb ' + b.name + ' for the list.'));
  return null;
}

function readPost(cmd: Command, def: BoardDef, which: string): i32 {
  const b = load(def.name);
  const p = numberIn(b, which);
  if (p === null) return OK;
  const msg = Message.kind('info').styled(def.name + ' ' + p!.n.toString() + ': ' + p!.title, 'emphasis');
  msg.newline().text('By ' + p!.author + ', ' + duration(<f64>now() - p!.at) + ' ago.');
  msg.newline().text(p!.body);
  reply(msg);
  const numbers: i32[] = [p!.n];
  if (!markRead(cmd.actor.id, b, numbers)) return refused();
  return OK;
}

function post(cmd: Command, text: string): i32 {
  const slash = text.indexOf('/');
  const eq = text.indexOf('=');
  if (slash <= 0 || eq < slash) {
    reply(Message.error('Type: +bb post <board>/<title> = <text>'));
    return OK;
  }
  const def = findBoard(text.substring(0, slash));
  if (def === null) return OK;
  if (def!.adminsOnly && !cmd.actor.admin) {
    reply(Message.error('Only admins post to ' + def!.name + '.'));
    return OK;
  }
  const title = text.substring(slash + 1, eq).trim();
  const body = text.substring(eq + 1).trim();
  const maxTitle = <i32>numberSetting('maxTitleLength', 60);
  const maxBody = <i32>numberSetting('maxPostLength', 4000);
  if (title.length == 0 || body.length == 0) {
    reply(Message.error('A post needs a title and a text: +bb post ' + def!.name + '/<title> = <text>'));
    return OK;
  }
  if (title.length > maxTitle) {
    reply(Message.error('That title is too long (' + title.length.toString() + ' characters; at most ' + maxTitle.toString() + ').'));
    return OK;
  }
  if (body.length > maxBody) {
    reply(Message.error('That post is too long (' + body.length.toString() + ' characters; at most ' + maxBody.toString() + ').'));
    return OK;
  }
  const b = load(def!.name);
  const size = <i32>numberSetting('boardSize', 100);
  if (b.posts.length >= size) {
    reply(Message.error(def!.name + ' is full (' + size.toString() + ' posts); an admin must remove some first.'));
    return OK;
  }
  if (!floodOk(cmd.actor.id)) return OK;
  const p = new Post(b.next, title, body, cmd.actor.name, cmd.actor.id, <f64>now());
  b.posts.push(p);
  b.next++;
  if (!save(b)) return refused();
  const own: i32[] = [p.n];
  if (!markRead(cmd.actor.id, b, own)) return refused();
  reply(Message.info('Posted to ' + def!.name + ' as number ' + p.n.toString() + ': ' + title + '.'));
  // Told to everyone in the game now; the unread count on +bb tells the others when they come back.
  const online = Query.online();
  const notice = Message.kind('info')
    .text('New post on ' + def!.name + ' by ')
    .name(cmd.actor.name, cmd.actor.id)
    .text(': ')
    .styled(clip(title, 60), 'emphasis')
    .text(' (+bb ' + def!.name + '/' + p.n.toString() + ')');
  for (let i = 0; i < online.length; i++) if (online[i].id != cmd.actor.id) send(online[i].id, notice);
  return OK;
}

function remove(cmd: Command, text: string): i32 {
  const slash = text.indexOf('/');
  if (slash <= 0) {
    reply(Message.error('Type: +bb remove <board>/<n>'));
    return OK;
  }
  const def = findBoard(text.substring(0, slash));
  if (def === null) return OK;
  const b = load(def!.name);
  const p = numberIn(b, text.substring(slash + 1));
  if (p === null) return OK;
  if (p!.authorId != cmd.actor.id && !cmd.actor.admin) {
    reply(Message.error('That is ' + p!.author + "'s post; only they or an admin can remove it."));
    return OK;
  }
  const kept = new Array<Post>();
  for (let i = 0; i < b.posts.length; i++) if (b.posts[i].n != p!.n) kept.push(b.posts[i]);
  b.posts = kept;
  if (!save(b)) return refused();
  reply(Message.info('Removed ' + def!.name + ' ' + p!.n.toString() + ': ' + p!.title + '.'));
  return OK;
}

function catchup(cmd: Command, which: string): i32 {
  const defs = definitions();
  const all = which.trim().toLowerCase() == 'all' || which.trim().length == 0;
  let marked = 0;
  for (let i = 0; i < defs.length; i++) {
    if (!all && defs[i].name != which.trim().toLowerCase()) continue;
    const b = load(defs[i].name);
    const numbers = new Array<i32>();
    for (let j = 0; j < b.posts.length; j++) numbers.push(b.posts[j].n);
    if (!markRead(cmd.actor.id, b, numbers)) return refused();
    marked++;
  }
  if (marked == 0) {
    findBoard(which); // says there is no such board
    return OK;
  }
  reply(Message.info(all ? 'Every board is marked read.' : 'Everything on ' + which.trim().toLowerCase() + ' is marked read.'));
  return OK;
}
