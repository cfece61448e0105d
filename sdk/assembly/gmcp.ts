/**
 * Publish structured data to a character's clients as GMCP (capability
 * `gmcp: ["<Package.Name>"]`). The host sends it only to clients that listed the
 * package (or its parent) in Core.Supports, and to the web client as a data frame.
 * A message's own `.data(...)` carries one package with a line of text; this sends
 * a package on its own (Char.Status, Char.Items.Add, Comm.Channel.List, …).
 */
import { myriad_gmcp } from './env';
import { quote } from './json/index';
import { writeString } from './memory';
import { answered } from './result';

/** `to`: "actor" or a character id; `json`: the value as JSON text (e.g. `obj.toJson()`). */
export function gmcp(to: string, pkg: string, json: string): bool {
  const req = writeString('{"to":' + quote(to) + ',"package":' + quote(pkg) + ',"data":' + json + '}');
  return answered(req, myriad_gmcp(req)) !== null;
}
