/** Adds to / removes from the built-in list for one flow. */
export interface DomainOverrides {
  add?: readonly string[];
  remove?: readonly string[];
}

// Free mailboxes, consumer ISPs and disposable-mail services as `suffix:label label …|…` groups: the module
// ships in the widget bundle, and this form is ~40% smaller than a string array (~18% after gzip). Any
// whitespace separates labels, so a group can wrap onto the next line at no extra cost.
const DATA = `com:gmail googlemail yahoo ymail rocketmail hotmail outlook live msn windowslive icloud me mac aol aim
gmx mail email usa post inbox lycos zoho zohomail yandex protonmail tutanota tutamail tuta hey fastmail
hushmail runbox startmail mailfence duck directbox btinternet btopenworld sky virginmedia ntlworld telia
qq 163 126 sina foxmail naver rediffmail ono juno roadrunner frontier rogers bigpond globo mailinator
guerrillamail guerrillamailblock sharklasers 10minutemail yopmail trashmail discardmail trash-mail
spambog spamgourmet mailnesia dispostable throwawaymail getnada mintemail mohmal emailondeck fakeinbox
mailcatch mailexpire mailsac moakt minuteinbox 33mail anonaddy 1secmail tempmailo muellmail einrot
|net:gmx comcast verizon att sbcglobal cox charter bellsouth earthlink optonline netzero frontiernet
windstream centurylink pacbell spectrum laposte telefonica talktalk virgin orange ewetel alice-dsl
belgacom a1 telus bell yeah riseup eircom bredband guerrillamail 10minutemail yopmail trashmail
wegwerfmail 1secmail
|de:gmx web t-online freenet arcor posteo online 1und1 vodafone kabelmail mail email magenta unitybox
netcologne htp-tel o2online mnet-online yahoo hotmail outlook live aol tutanota jpberlin guerrillamail
wegwerfmail wegwerfemail trashmail trash-mail sofort-mail spambog byom kurzepost zehnminutenmail
discardmail
|at:gmx aon chello inode kabsi liwest tele2 live outlook posteo trashmail
|ch:bluewin bluemail gmx hispeed sunrise swissonline quickline green protonmail posteo
|fr:orange free sfr wanadoo neuf club-internet aliceadsl bbox numericable voila yahoo hotmail outlook
live aol gmx yopmail mail-temporaire
|it:libero virgilio tiscali alice tin email inwind fastwebnet vodafone yahoo hotmail live outlook
|es:terra movistar orange wanadoo jazztel yahoo hotmail outlook gmx
|co.uk:yahoo hotmail live aol gmx blueyonder tiscali freeserve
|nl:ziggo kpnmail planet home hetnet casema chello upcmail xs4all hotmail live
|be:telenet skynet pandora proximus scarlet voo hotmail live
|pl:wp o2 onet op interia gazeta tlen
|cz:seznam email centrum atlas post volny
|sk:azet centrum zoznam pobox
|hu:freemail citromail t-online
|ru:mail bk list inbox internet yandex ya rambler
|ua:ukr i meta
|bg:abv mail dir
|gr:otenet forthnet yahoo hotmail
|ee:mail
|lv:inbox
|lt:inbox
|se:bredband comhem yahoo hotmail live
|dk:jubii mail yahoo hotmail live outlook
|no:online yahoo hotmail live
|fi:suomi24 elisanet saunalahti hotmail
|ie:yahoo live outlook
|pt:sapo iol clix netcabo
|ca:yahoo hotmail live shaw sympatico videotron
|com.au:yahoo hotmail outlook live bigpond optusnet
|net.au:bigpond iinet
|co.nz:yahoo xtra
|com.br:yahoo hotmail outlook bol uol terra ig
|com.ar:yahoo hotmail
|com.mx:yahoo live
|co.jp:yahoo
|co.in:yahoo
|in:yahoo
|me:proton pm keemail anonaddy dropmail trashmail spam4
|io:tuta burnermail temp-mail trashmail
|org:mailbox disroot temp-mail guerrillamail jetable posteo wegwerfmail 1secmail
|eu:posteo zohomail interia onet
|info:guerrillamail
|email:tempr mytemp discard
|fm:fastmail poczta
|us:gmx
|cc:maildrop
|la:grr`;

const expand = () =>
  DATA.split('|').flatMap((group) => {
    const [suffix, labels = ''] = group.trim().split(':');
    return labels.split(/\s+/).map((label) => `${label}.${suffix}`);
  });

// Built on first use rather than at import, so loading the widget doesn't pay for a list it may never consult.
let builtIn: ReadonlySet<string> | undefined;
const lookup = () => (builtIn ??= new Set(expand()));

/**
 * `" @Example.COM. "` → `example.com`: how domains are compared everywhere, lists and answers
 * alike. International names as the browser's e-mail field sends them (`müller.de` →
 * `xn--mller-kva.de`, full-width letters folded), so a list may write either form.
 */
export const normalizeDomain = (domain: string) => {
  const plain = domain.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  try {
    // ASCII names come back as they are; only others need the browser's IDNA mapping.
    return /^[\x21-\x7e]*$/.test(plain) ? plain : new URL(`http://${plain}`).hostname.replace(/\.$/, '');
  } catch {
    return plain;
  }
};
const normalize = normalizeDomain;

/** The domain of an e-mail address, lower-cased, without a trailing dot; undefined when the value has no "@" followed by a domain. */
export function emailDomain(value: string): string | undefined {
  const at = value.lastIndexOf('@');
  return (at >= 0 && normalize(value.slice(at + 1))) || undefined;
}

/** Whether a domain or e-mail address is a personal mailbox domain: built-in list plus `add` minus `remove`, exact match only. */
export function isPersonalDomain(domainOrEmail: string, overrides: DomainOverrides = {}): boolean {
  const domain = domainOrEmail.includes('@') ? emailDomain(domainOrEmail) : normalize(domainOrEmail);
  if (!domain) return false;
  const listed = (list: readonly string[] = []) => list.some((entry) => normalize(entry) === domain);
  return !listed(overrides.remove) && (listed(overrides.add) || lookup().has(domain));
}

/** The built-in domains in source order; unlike the lookup set it keeps duplicates, so tests can catch them. */
export function personalDomains(): string[] {
  return expand();
}

/** Number of built-in domains (for docs and tests). */
export function personalDomainCount(): number {
  return lookup().size;
}
