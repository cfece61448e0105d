/**
 * The merchants in a room, brought up to game time before anyone sees a price:
 * stock and demand relax toward their targets, the coin drawer toward its
 * wealth, and what that made or unmade goes to the ledger ("restock" /
 * "consumption" for goods, "wholesale" for coins).
 */
import { Query } from '../../../sdk/assembly';
import { Stall, catchUp, catchUpWealth, stallOf } from './market';
import { gameNow } from './clock';
import { book, coinsOf, setCoins } from './ledger';
import { rules } from './rules';

export function stallsIn(room: string): Stall[] {
  const out = new Array<Stall>();
  const here = Query.contents(room, 'merchant');
  const t = gameNow();
  const r = rules();
  for (let i = 0; i < here.length; i++) {
    const s = stallOf(here[i].id);
    if (s === null) continue;
    let changed = false;
    const goods = s!.goods();
    for (let j = 0; j < goods.length; j++) {
      const was = goods[j].at;
      const moved = catchUp(goods[j], t, r);
      if (goods[j].at != was) changed = true;
      if (moved > 0) book('made', goods[j].key, moved);
      else if (moved < 0) book('unmade', goods[j].key, -moved);
    }
    const purse = coinsOf(s!.id);
    const drawerWas = s!.at;
    const coins = catchUpWealth(s!, purse, t, r);
    if (s!.at != drawerWas) changed = true;
    if (coins != 0) {
      setCoins(s!.id, purse + coins);
      book(coins > 0 ? 'minted' : 'burned', 'wholesale', coins > 0 ? coins : -coins);
    }
    // Written only when time moved it (see MIN_STEP_MS): a look is not a write.
    if (changed && !s!.save()) continue;
    out.push(s!);
  }
  return out;
}

/** The stall a `from <name>` / `to <name>` part names, or null. */
export function stallNamed(stalls: Stall[], who: string): Stall | null {
  const w = who.toLowerCase();
  for (let i = 0; i < stalls.length; i++) {
    const n = stalls[i].name.toLowerCase();
    const shop = stalls[i].shop.toLowerCase();
    if (n.startsWith(w) || n.includes(' ' + w) || shop.includes(w)) return stalls[i];
  }
  return null;
}
