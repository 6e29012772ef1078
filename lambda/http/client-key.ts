/**
 * The rate-limit key of a client address. An IPv4 address (also IPv4-mapped IPv6) is itself;
 * an IPv6 address is its /64, since one host is usually handed a whole /64 and could
 * otherwise take a fresh address per request. Anything unparseable, or no address, shares
 * one key: an unknown client is limited, not exempt.
 */
export function clientKey(address: string | undefined): string {
  if (address === undefined) return 'unknown';
  const value = address.trim().toLowerCase().replace(/%.*$/u, '');
  const mapped = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/u.exec(value);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/u.test(value)) return value;
  const groups = ipv6Groups(value);
  if (groups === undefined) return 'unknown';
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address, without leading zeros; undefined when not one. */
function ipv6Groups(value: string): string[] | undefined {
  if (!/^[0-9a-f:.]+$/u.test(value) || !value.includes(':')) return undefined;
  const halves = value.split('::');
  if (halves.length > 2) return undefined;
  const part = (text: string | undefined) =>
    text === undefined || text === '' ? [] : text.split(':');
  const head = part(halves[0]);
  const tail = part(halves[1]);
  // An embedded IPv4 tail (::ffff:1.2.3.4 handled above; 64:ff9b::1.2.3.4 here) counts twice.
  const last = tail.length > 0 ? tail[tail.length - 1] : head[head.length - 1];
  const width = last?.includes('.') ? 1 : 0;
  const missing = 8 - head.length - tail.length - width;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const hextets = groups.filter((g) => !g.includes('.'));
  if (!hextets.every((g) => /^[0-9a-f]{1,4}$/u.test(g))) return undefined;
  return groups.map((g) => (g.includes('.') ? g : g.replace(/^0+(?=.)/u, '')));
}
